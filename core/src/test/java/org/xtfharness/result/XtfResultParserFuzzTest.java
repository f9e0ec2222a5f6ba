package org.xtfharness.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.xtfharness.console.LineFramer;

/**
 * Properties of the XTF result parser over generated console output: real XTF lines, near misses
 * of result lines, panics, blank and arbitrary lines, nulls, and arbitrary bytes framed into lines.
 * The verdict is checked against a plain model of XTF's rules (andyhhp/xtf common/report.c): only
 * a line that is exactly {@code Test result: <WORD>} (trailing whitespace allowed) reports, and
 * the most severe such line wins. Invariants in RELIABILITY.md (Fuzzing).
 */
class XtfResultParserFuzzTest {

    private static final ResultParser PARSER = ResultParsers.xtf();
    private static final List<String> WORDS = List.of("SUCCESS", "SUCCESS with warnings", "SKIP", "ERROR", "FAILURE");

    @Provide
    Arbitrary<String> resultLines() {
        return Combinators.combine(Arbitraries.of(WORDS), Arbitraries.of("", " ", "\t", "  \t", "\u2028"))
                .as((w, tail) -> "Test result: " + w + tail);
    }

    /** Lines that look like result lines and are not: XTF never prints them. */
    @Provide
    Arbitrary<String> nearMisses() {
        return Arbitraries.of(
                "Test result:SUCCESS",
                "Test result: success",
                "Test result: SUCCESS!",
                "test result: SUCCESS",
                " Test result: SUCCESS",
                "Test result: SUCCESS with warning",
                "Test result: CRASH",
                "Test result: ",
                "Test result:",
                "Test result: SUCCESS SUCCESS",
                "Test result:  SUCCESS",
                "Test result: FAILURE extra",
                "xTest result: FAILURE",
                "Test result: SUCCESS\0",
                "Reason: Test result: FAILURE",
                "Test result: \uFFFDSUCCESS");
    }

    /** Anything but a line starting with "Test result:": cannot change the verdict. */
    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(
                        Arbitraries.of(
                                XtfResultParser.BANNER,
                                XtfResultParser.BANNER + "  ",
                                "Environment: PV 64bit (Long mode 4 levels)",
                                "Environment: ",
                                "Test title",
                                "",
                                "   ",
                                "*".repeat(30),
                                "PANIC: Unhandled exception at 0008:0000000000104a1c",
                                "PANIC: " + "*".repeat(30),
                                "PANIC: ",
                                "Fail: something",
                                "Skip: not supported",
                                "Test did not report a status",
                                "\uFFFD\uFFFD"),
                        Arbitraries.strings().ofMaxLength(30))
                .filter(s -> !s.startsWith("Test result:"));
    }

    @Provide
    Arbitrary<List<String>> outputs() {
        return Arbitraries.frequencyOf(Tuple.of(6, noise()), Tuple.of(2, resultLines()), Tuple.of(1, nearMisses()))
                .list()
                .ofMaxSize(40);
    }

    @Property
    void theVerdictIsTheMostSevereExactResultLine(@ForAll("outputs") List<String> lines) {
        ParsedOutput out = PARSER.parse(lines);
        assertNeverFellBackToTheCatch(out);

        Optional<Integer> worst = lines.stream()
                .map(XtfResultParserFuzzTest::model)
                .flatMap(Optional::stream)
                .max(Integer::compare);
        long count = lines.stream().filter(l -> model(l).isPresent()).count();
        assertThat(out.resultLines()).isEqualTo(count);
        assertThat(out.reported().map(v -> rank(v, out.withWarnings()))).isEqualTo(worst);
        if (out.reported().filter(v -> v == Verdict.SUCCESS).isPresent()) {
            // SUCCESS needs a line that says exactly that, and no line saying anything worse.
            assertThat(lines)
                    .anyMatch(l -> l.stripTrailing().equals("Test result: SUCCESS")
                            || l.stripTrailing().equals("Test result: SUCCESS with warnings"));
        }
    }

    @Property
    void linesThatAreNotResultLinesNeverChangeTheVerdict(
            @ForAll("outputs") List<String> lines,
            @ForAll @Size(max = 10) List<@From("noise") String> extra,
            @ForAll @Size(max = 10) List<Integer> positions) {
        List<String> noisy = new ArrayList<>(lines);
        for (int i = 0; i < extra.size(); i++) {
            int at = positions.isEmpty() ? 0 : Math.floorMod(positions.get(i % positions.size()), noisy.size() + 1);
            noisy.add(at, extra.get(i));
        }
        ParsedOutput a = PARSER.parse(lines);
        ParsedOutput b = PARSER.parse(noisy);
        assertThat(b.reported()).isEqualTo(a.reported());
        assertThat(b.withWarnings()).isEqualTo(a.withWarnings());
        assertThat(b.resultLines()).isEqualTo(a.resultLines());
    }

    @Property
    void reasonsAreInputLinesAndAreBounded(@ForAll("outputs") List<String> lines) {
        ParsedOutput out = PARSER.parse(lines);
        assertThat(out.reasons()).hasSizeLessThanOrEqualTo(XtfResultParser.MAX_REASONS);
        List<String> stripped = lines.stream().map(String::stripTrailing).toList();
        assertThat(stripped).containsAll(out.reasons());
        assertThat(out.reasons())
                .noneMatch(r -> r.isBlank() || model(r).isPresent() || r.equals(XtfResultParser.BANNER));
        if (out.reported().filter(v -> v == Verdict.SUCCESS).isPresent() && !out.withWarnings()) {
            assertThat(out.reasons()).isEmpty();
        }
        if (out.reported().isEmpty()) {
            assertThat(out.reasons()).isEmpty();
        }
    }

    @Property
    void bannerAndPanicAreSeenExactlyWhenPrinted(@ForAll("outputs") List<String> lines) {
        ParsedOutput out = PARSER.parse(lines);
        assertThat(out.bannerSeen())
                .isEqualTo(lines.stream().anyMatch(l -> l.stripTrailing().equals(XtfResultParser.BANNER)));
        assertThat(out.panic().isPresent()).isEqualTo(lines.stream().anyMatch(l -> l.startsWith("PANIC: ")));
    }

    @Property
    void neverThrowsOnNullsInTheLineList(
            @ForAll("outputs") List<String> lines, @ForAll @Size(max = 5) List<Integer> nullAt) {
        List<String> withNulls = new ArrayList<>(lines);
        for (int p : nullAt) {
            withNulls.add(Math.floorMod(p, withNulls.size() + 1), null);
        }
        ParsedOutput out = PARSER.parse(withNulls);
        assertNeverFellBackToTheCatch(out);
        assertThat(out.reported()).isEqualTo(PARSER.parse(lines).reported());
    }

    @Property
    void anyBytesFramedIntoLinesParseWithoutAnException(@ForAll byte[] raw, @ForAll("outputs") List<String> lines) {
        // Real-looking output with arbitrary bytes spliced in the middle.
        byte[] text = String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
        int cut = text.length / 2;
        byte[] mixed = new byte[text.length + raw.length];
        System.arraycopy(text, 0, mixed, 0, cut);
        System.arraycopy(raw, 0, mixed, cut, raw.length);
        System.arraycopy(text, cut, mixed, cut + raw.length, text.length - cut);
        List<String> framed = LineFramer.frame(mixed);
        ParsedOutput out = PARSER.parse(framed);
        assertNeverFellBackToTheCatch(out);
        assertThat(out.resultLines())
                .isEqualTo(framed.stream().filter(l -> model(l).isPresent()).count());
    }

    private static void assertNeverFellBackToTheCatch(ParsedOutput out) {
        assertThat(out.anomalies()).noneMatch(a -> a.startsWith("the output could not be parsed"));
    }

    /** The model: the line's severity rank if it is a valid result line. */
    private static Optional<Integer> model(String line) {
        if (line == null || !line.startsWith("Test result: ")) {
            return Optional.empty();
        }
        String rest = line.substring("Test result: ".length());
        int end = rest.length();
        while (end > 0 && Character.isWhitespace(rest.charAt(end - 1))) {
            end--;
        }
        int i = WORDS.indexOf(rest.substring(0, end));
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    /** Ranks in WORDS order: SUCCESS < SUCCESS with warnings < SKIP < ERROR < FAILURE. */
    private static int rank(Verdict v, boolean warnings) {
        return switch (v) {
            case SUCCESS -> warnings ? 1 : 0;
            case SKIP -> 2;
            case ERROR -> 3;
            case FAILURE -> 4;
            case CRASH -> throw new AssertionError("a guest never reports CRASH");
        };
    }
}
