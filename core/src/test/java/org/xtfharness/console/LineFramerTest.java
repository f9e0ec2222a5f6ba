package org.xtfharness.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static List<String> frame(String s) {
        return LineFramer.frame(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds the bytes in pieces of the given sizes (cycled), then finishes. */
    private static List<String> feedInPieces(LineFramer framer, byte[] bytes, int... sizes) {
        List<String> out = new ArrayList<>();
        int off = 0;
        int k = 0;
        while (off < bytes.length) {
            int len = Math.min(sizes[k++ % sizes.length], bytes.length - off);
            framer.feed(bytes, off, len, out::add);
            off += len;
        }
        framer.finish(out::add);
        return out;
    }

    @Test
    void emptyInputGivesNoLines() {
        assertThat(LineFramer.frame(new byte[0])).isEmpty();
    }

    @Test
    void lineFeedEndsALine() {
        assertThat(frame("a\nb\n")).containsExactly("a", "b");
    }

    @Test
    void crlfIsOneLineEnd() {
        assertThat(frame("Test result: SUCCESS\r\nnext\r\n")).containsExactly("Test result: SUCCESS", "next");
    }

    @Test
    void loneCrEndsALine() {
        assertThat(frame("a\rb\rc")).containsExactly("a", "b", "c");
    }

    @Test
    void runOfCrsBeforeLfIsOneLineEnd() {
        assertThat(frame("serial\r\r\nline\r\r\r\n")).containsExactly("serial", "line");
    }

    @Test
    void runOfCrsWithoutLfIsOneLineEnd() {
        assertThat(frame("a\r\r\rb\n")).containsExactly("a", "b");
    }

    @Test
    void lfAfterLfIsAnEmptyLine() {
        assertThat(frame("a\n\nb\n")).containsExactly("a", "", "b");
        assertThat(frame("a\r\n\r\nb")).containsExactly("a", "", "b");
    }

    @Test
    void crAndLfSplitAcrossFeedsAreStillOneLineEnd() {
        byte[] bytes = "one\r\r\ntwo\r\nthree".getBytes(StandardCharsets.US_ASCII);
        assertThat(feedInPieces(new LineFramer(), bytes, 1)).containsExactly("one", "two", "three");
    }

    @Test
    void partialLastLineIsEmittedAtFinish() {
        LineFramer framer = new LineFramer();
        List<String> out = new ArrayList<>();
        byte[] b = "done\nTest result: SUCC".getBytes(StandardCharsets.US_ASCII);
        framer.feed(b, 0, b.length, out::add);
        assertThat(out).containsExactly("done");
        framer.finish(out::add);
        assertThat(out).containsExactly("done", "Test result: SUCC");
    }

    @Test
    void noEmptyLineAfterAFinalLineEnd() {
        assertThat(frame("a\n")).containsExactly("a");
        assertThat(frame("a\r")).containsExactly("a");
    }

    @Test
    void invalidUtf8BecomesReplacementCharacter() {
        byte[] b = {'a', (byte) 0xff, 'b', (byte) 0xc3, '(', '\n'};
        assertThat(LineFramer.frame(b)).containsExactly("a\uFFFDb\uFFFD(");
    }

    @Test
    void multiByteSequenceSplitAcrossFeedsDecodes() {
        byte[] b = "x\u20ac\uD83D\uDE00y\n".getBytes(StandardCharsets.UTF_8); // 3- and 4-byte sequences
        for (int piece = 1; piece <= 4; piece++) {
            assertThat(feedInPieces(new LineFramer(), b, piece))
                    .as("pieces of %d", piece)
                    .containsExactly("x\u20ac\uD83D\uDE00y");
        }
    }

    @Test
    void truncatedSequenceAtEndBecomesReplacementCharacter() {
        byte[] euroCut = {'o', 'k', (byte) 0xe2, (byte) 0x82};
        assertThat(LineFramer.frame(euroCut)).containsExactly("ok\uFFFD");
        assertThat(feedInPieces(new LineFramer(), euroCut, 3)).containsExactly("ok\uFFFD");
    }

    @Test
    void truncatedSequenceBeforeLineEndBecomesReplacementCharacter() {
        byte[] b = {'a', (byte) 0xe2, (byte) 0x82, '\n', 'b'};
        assertThat(LineFramer.frame(b)).containsExactly("a\uFFFD", "b");
    }

    @Test
    void nulBytesAreDroppedAndCounted() {
        LineFramer framer = new LineFramer();
        byte[] b = {0, 'a', 0, 0, 'b', '\r', 0, '\n', 'c', 0};
        assertThat(feedInPieces(framer, b, 3)).containsExactly("ab", "c");
        assertThat(framer.droppedNulBytes()).isEqualTo(5);
    }

    @Test
    void nulInsideMultiByteSequenceDoesNotJoinItsHalves() {
        byte[] b = {(byte) 0xe2, 0, (byte) 0x82, (byte) 0xac};
        List<String> lines = LineFramer.frame(b);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\u20ac").contains("\uFFFD");
    }

    @Test
    void longLineIsSplitAtTheMaximumAndCounted() {
        LineFramer framer = new LineFramer(10);
        byte[] b = ("a".repeat(25) + "\nshort\n" + "b".repeat(10) + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(feedInPieces(framer, b, 7))
                .containsExactly("a".repeat(10), "a".repeat(10), "a".repeat(5), "short", "b".repeat(10));
        assertThat(framer.splitLines()).isEqualTo(1);
    }

    @Test
    void endlessLineWithoutLineEndNeverGrowsPastTheMaximum() {
        LineFramer framer = new LineFramer(1000);
        List<String> out = new ArrayList<>();
        byte[] block = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) {
            framer.feed(block, 0, block.length, out::add);
        }
        framer.finish(out::add);
        assertThat(out).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(1000));
        assertThat(out.stream().mapToInt(String::length).sum()).isEqualTo(409_600);
        assertThat(framer.splitLines()).isEqualTo(1);
    }

    @Test
    void defaultMaximumIs64KiChars() {
        List<String> lines = LineFramer.frame(("y".repeat(65_536 + 5) + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(65_536);
        assertThat(lines.get(1)).isEqualTo("yyyyy");
    }

    @Test
    void splitNeverCutsASurrogatePair() {
        LineFramer framer = new LineFramer(4);
        byte[] b = "abc\uD83D\uDE00d\n".getBytes(StandardCharsets.UTF_8);
        List<String> lines = feedInPieces(framer, b, 100);
        assertThat(lines).containsExactly("abc", "\uD83D\uDE00d");
    }

    @Test
    void framerIsReusableAfterFinish() {
        LineFramer framer = new LineFramer();
        byte[] first = {'a', (byte) 0xe2};
        byte[] second = {'b', '\n'};
        assertThat(feedInPieces(framer, first, 10)).containsExactly("a\uFFFD");
        assertThat(feedInPieces(framer, second, 10)).containsExactly("b");
    }

    @Test
    void feedRefusesBadRange() {
        assertThatThrownBy(() -> new LineFramer().feed(new byte[3], 2, 5, l -> {}))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new LineFramer(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void feedingInAnyPiecesGivesTheSameLinesAsAtOnce() {
        Random random = new Random(20240611);
        byte[] alphabet = {
            'a',
            'b',
            '\r',
            '\n',
            0,
            (byte) 0xe2,
            (byte) 0x82,
            (byte) 0xac,
            (byte) 0xf0,
            (byte) 0x9f,
            (byte) 0x98,
            (byte) 0x80,
            (byte) 0xff,
            (byte) 0xc3
        };
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[random.nextInt(200)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            List<String> whole = feedInPieces(new LineFramer(16), b, Math.max(1, b.length));
            List<String> pieces = feedInPieces(new LineFramer(16), b, 1 + random.nextInt(5), 1 + random.nextInt(9));
            assertThat(pieces).as("round %d", round).isEqualTo(whole);
            assertThat(whole).allSatisfy(l -> assertThat(l).doesNotContain("\r", "\n", "\0"));
        }
    }
}
