package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link LineFramer} over generated console bytes: line ends of every kind, NULs,
 * multi-byte UTF-8 whole, cut and malformed, and arbitrary bytes. The invariants are written out in
 * RELIABILITY.md (Fuzzing); bin/fuzz runs these with many more tries.
 */
class LineFramerFuzzTest {

    /** Pieces console output is made of, chosen so that the awkward cases are common. */
    private static final byte[][] TOKENS = {
        bytes("\r"),
        bytes("\n"),
        bytes("\r\n"),
        bytes("\r\r\n"),
        {0},
        bytes("a"),
        bytes("Test result: "),
        bytes("é"),
        bytes("€"),
        bytes("\uD83D\uDE00"),
        {(byte) 0xc3},
        {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf0, (byte) 0x9f},
        {(byte) 0x80},
        {(byte) 0xff},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    };

    @Provide
    Arbitrary<byte[]> consoleBytes() {
        Arbitrary<byte[]> token = Arbitraries.oneOf(
                Arbitraries.of(TOKENS),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8),
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(12).map(LineFramerFuzzTest::bytes));
        return token.list().ofMaxSize(60).map(LineFramerFuzzTest::concat);
    }

    @Provide
    Arbitrary<byte[]> asciiBytes() {
        return Arbitraries.oneOf(
                        Arbitraries.of((byte) '\r', (byte) '\n', (byte) 0, (byte) 'x'),
                        Arbitraries.bytes().between((byte) 0, (byte) 0x7f))
                .array(byte[].class)
                .ofMaxSize(300);
    }

    @Provide
    Arbitrary<String> consoleText() {
        return Arbitraries.oneOf(
                        Arbitraries.of("\r", "\n", "\r\n", "\r\r\n", "\0", "\uD83D\uDE00", "é"),
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(10))
                .list()
                .ofMaxSize(40)
                .map(parts -> String.join("", parts))
                // Generated strings may hold lone surrogates, which UTF-8 cannot encode.
                .filter(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s));
    }

    @Property
    void anyChunkingOfTheSameBytesGivesTheSameLinesAndCounters(
            @ForAll("consoleBytes") byte[] input,
            @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 9) Integer> cuts,
            @ForAll @IntRange(min = 2, max = 40) int maxLine) {
        LineFramer whole = new LineFramer(maxLine);
        List<String> expected = frame(whole, input, List.of(input.length == 0 ? 1 : input.length));
        LineFramer chunked = new LineFramer(maxLine);
        List<String> actual = frame(chunked, input, cuts.isEmpty() ? List.of(1) : cuts);

        assertThat(actual).isEqualTo(expected);
        assertThat(chunked.droppedNulBytes()).isEqualTo(whole.droppedNulBytes());
        assertThat(chunked.splitLines()).isEqualTo(whole.splitLines());
    }

    @Property
    void noLineExceedsTheCapAndSplittingLosesNothing(
            @ForAll("consoleBytes") byte[] input, @ForAll @IntRange(min = 2, max = 40) int maxLine) {
        LineFramer capped = new LineFramer(maxLine);
        List<String> pieces = frame(capped, input, List.of(7));
        List<String> lines = LineFramer.frame(input);

        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(maxLine));
        assertThat(String.join("", pieces)).isEqualTo(String.join("", lines));
        assertThat(capped.splitLines())
                .isEqualTo(lines.stream().filter(l -> l.length() > maxLine).count());
        // A surrogate pair is never cut in two (the decoder itself never yields a lone half).
        assertThat(pieces)
                .noneMatch(p -> !p.isEmpty()
                        && (Character.isHighSurrogate(p.charAt(p.length() - 1))
                                || Character.isLowSurrogate(p.charAt(0))));
    }

    @Property
    void everyAsciiByteIsALineCharALineEndOrACountedNul(@ForAll("asciiBytes") byte[] input) {
        LineFramer framer = new LineFramer();
        List<String> lines = frame(framer, input, List.of(5));
        long lineChars = lines.stream().mapToLong(String::length).sum();
        long lineEnds = 0;
        long nuls = 0;
        for (byte b : input) {
            lineEnds += b == '\r' || b == '\n' ? 1 : 0;
            nuls += b == 0 ? 1 : 0;
        }
        assertThat(lineChars + lineEnds + framer.droppedNulBytes()).isEqualTo(input.length);
        assertThat(framer.droppedNulBytes()).isEqualTo(nuls);
        assertThat(lines).noneMatch(l -> l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0 || l.indexOf('\0') >= 0);
    }

    @Property
    void validUtf8TextFramesAsTheLineEndModelSays(@ForAll("consoleText") String text) {
        List<String> lines = LineFramer.frame(text.getBytes(StandardCharsets.UTF_8));
        assertThat(lines).isEqualTo(modelLines(text));
    }

    @Property
    void malformedBytesBecomeReplacementCharsNeverExceptions(@ForAll("consoleBytes") byte[] input) {
        List<String> lines = LineFramer.frame(input);
        String decoded = new String(input, StandardCharsets.UTF_8).replace("\0", "");
        // The JDK's own decoder is the reference for which bytes are malformed.
        assertThat(String.join("", lines)).isEqualTo(decoded.replaceAll("[\r\n]", ""));
    }

    /** The framer's rules written plainly: NULs go, then every {@code \r+\n?} or {@code \n} ends a line. */
    private static List<String> modelLines(String text) {
        String s = text.replace("\0", "");
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\r+\n?|\n").matcher(s);
        int from = 0;
        while (m.find()) {
            out.add(s.substring(from, m.start()));
            from = m.end();
        }
        if (from < s.length()) {
            out.add(s.substring(from));
        }
        return out;
    }

    /** Feeds {@code input} in pieces of the given sizes, cycling through them. */
    private static List<String> frame(LineFramer framer, byte[] input, List<Integer> sizes) {
        List<String> lines = new ArrayList<>();
        int off = 0;
        int k = 0;
        while (off < input.length) {
            int len = Math.min(sizes.get(k++ % sizes.size()), input.length - off);
            framer.feed(input, off, len, lines::add);
            off += len;
        }
        framer.finish(lines::add);
        return lines;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
