package org.xtfharness.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xtfharness.console.LineFramer;

class XtfResultParserTest {

    private static final String STARS = "*".repeat(30);
    private final ResultParser parser = ResultParsers.xtf();

    private ParsedOutput parse(String... lines) {
        return parser.parse(Arrays.asList(lines));
    }

    private static String[] run(String... body) {
        List<String> l = new ArrayList<>(
                List.of("--- Xen Test Framework ---", "Environment: PV 64bit (Long mode 4 levels)", "XSA-999 PoC"));
        l.addAll(List.of(body));
        return l.toArray(String[]::new);
    }

    @Test
    void readsPlainSuccess() {
        ParsedOutput p = parse(run("Test result: SUCCESS"));
        assertThat(p.reported()).contains(Verdict.SUCCESS);
        assertThat(p.withWarnings()).isFalse();
        assertThat(p.bannerSeen()).isTrue();
        assertThat(p.environment()).contains("PV 64bit (Long mode 4 levels)");
        assertThat(p.resultLines()).isEqualTo(1);
        assertThat(p.reasons()).isEmpty();
        assertThat(p.anomalies()).isEmpty();
        assertThat(p.panic()).isEmpty();
    }

    @Test
    void plainSuccessHasNoReasonsEvenWithOutputBeforeIt() {
        assertThat(parse(run("Success: Not vulnerable to XSA-999", "Test result: SUCCESS"))
                        .reasons())
                .isEmpty();
    }

    @Test
    void readsEachVerdictWithItsReasons() {
        for (Verdict v : List.of(Verdict.SKIP, Verdict.ERROR, Verdict.FAILURE)) {
            ParsedOutput p = parse(run("Why it went wrong", "Test result: " + v.name()));
            assertThat(p.reported()).as("%s", v).contains(v);
            assertThat(p.reasons()).as("%s", v).containsExactly("Why it went wrong");
        }
    }

    @Test
    void successWithWarningsCarriesItsWarningLines() {
        ParsedOutput p = parse(run("Warning: odd but fine", "Test result: SUCCESS with warnings"));
        assertThat(p.reported()).contains(Verdict.SUCCESS);
        assertThat(p.withWarnings()).isTrue();
        assertThat(p.reasons()).containsExactly("Warning: odd but fine");
    }

    @Test
    void headerLinesAreNotReasons() {
        ParsedOutput p = parse(run("Test result: SKIP"));
        assertThat(p.reasons()).isEmpty();
    }

    @Test
    void headerWithFoundXenLineIsSkipped() {
        ParsedOutput p = parse(
                "--- Xen Test Framework ---",
                "Found Xen: 4.14",
                "Environment: HVM 64bit (Long mode 4 levels)",
                "Title",
                "reason",
                "Test result: ERROR");
        assertThat(p.environment()).contains("HVM 64bit (Long mode 4 levels)");
        assertThat(p.reasons()).containsExactly("reason");
    }

    @Test
    void keepsOnlyTheLastTenNonBlankReasonLines() {
        List<String> body = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            body.add("line " + i);
            body.add("   ");
        }
        body.add("Test result: FAILURE");
        ParsedOutput p = parse(run(body.toArray(String[]::new)));
        assertThat(p.reasons()).hasSize(10).first().isEqualTo("line 5");
        assertThat(p.reasons()).last().isEqualTo("line 14");
    }

    @Test
    void reasonLinesLoseTrailingWhitespace() {
        assertThat(parse(run("Fail: x  \t", "Test result: FAILURE")).reasons()).containsExactly("Fail: x");
    }

    @Test
    void trailingWhitespaceAfterResultIsAllowed() {
        assertThat(parse(run("Test result: SUCCESS   ")).reported()).contains(Verdict.SUCCESS);
        assertThat(parse(run("Test result: SUCCESS with warnings \t")).withWarnings())
                .isTrue();
    }

    @Test
    void bannerWithTrailingWhitespaceIsTheBanner() {
        assertThat(parse("--- Xen Test Framework ---  ", "Test result: SUCCESS").bannerSeen())
                .isTrue();
        assertThat(parse(" --- Xen Test Framework ---", "Test result: SUCCESS").bannerSeen())
                .isFalse();
    }

    @Test
    void noResultLineMeansNoReportedVerdict() {
        ParsedOutput p = parse(run("doing things"));
        assertThat(p.reported()).isEmpty();
        assertThat(p.resultLines()).isZero();
        assertThat(p.bannerSeen()).isTrue();
    }

    @Test
    void emptyOutputIsEmpty() {
        assertThat(parser.parse(List.of())).isEqualTo(ParsedOutput.empty());
    }

    @Test
    void lineThatMerelyMentionsTheResultIsNotAResultLine() {
        ParsedOutput p = parse(run(
                "Expected 'Test result: SUCCESS' but got something else",
                "  Test result: SUCCESS",
                "Test result: FAILURE"));
        assertThat(p.reported()).contains(Verdict.FAILURE);
        assertThat(p.resultLines()).isEqualTo(1);
        assertThat(p.reasons())
                .containsExactly("Expected 'Test result: SUCCESS' but got something else", "  Test result: SUCCESS");
    }

    @Test
    void reasonLineContainingResultWordsDoesNotFoolIt() {
        ParsedOutput p = parse(run("Fail: Test result: SUCCESS was expected", "Test result: FAILURE"));
        assertThat(p.reported()).contains(Verdict.FAILURE);
    }

    @Test
    void bogusResultIsAnAnomalyNotAVerdict() {
        ParsedOutput p = parse(run("Test result: BOGUS"));
        assertThat(p.reported()).isEmpty();
        assertThat(p.anomalies()).singleElement().asString().contains("not a valid result line", "BOGUS");
    }

    @Test
    void nearMissResultLinesAreNotVerdicts() {
        for (String bad : List.of(
                "Test result: SUCCESSFUL",
                "Test result: success",
                "Test result:  SUCCESS",
                "Test result:SUCCESS",
                "Test result: FAILURE with warnings",
                "Test result: CRASH",
                "Test result: ",
                "Test result: SUCCESS with warnings!")) {
            ParsedOutput p = parse(run(bad));
            assertThat(p.reported()).as(bad).isEmpty();
            assertThat(p.anomalies()).as(bad).hasSize(1);
        }
    }

    @Test
    void severalResultLinesTheMostSevereCounts() {
        ParsedOutput p = parse(run("Test result: SUCCESS", "oops", "Test result: FAILURE", "Test result: SKIP"));
        assertThat(p.reported()).contains(Verdict.FAILURE);
        assertThat(p.resultLines()).isEqualTo(3);
        assertThat(p.anomalies()).anySatisfy(a -> assertThat(a).contains("3 result lines", "SUCCESS, FAILURE, SKIP"));
        assertThat(p.reasons()).containsExactly("oops");
    }

    @Test
    void warningsOutrankPlainSuccess() {
        ParsedOutput p = parse(run("Test result: SUCCESS with warnings", "Test result: SUCCESS"));
        assertThat(p.reported()).contains(Verdict.SUCCESS);
        assertThat(p.withWarnings()).isTrue();
    }

    @Test
    void outputAfterTheResultLineIsAnAnomaly() {
        ParsedOutput p = parse(run("Test result: SUCCESS", "", "late words"));
        assertThat(p.reported()).contains(Verdict.SUCCESS);
        assertThat(p.anomalies()).singleElement().asString().contains("after the result line", "late words");
    }

    @Test
    void blankLinesAfterTheResultAreFine() {
        assertThat(parse(run("Test result: SUCCESS", "", "  ")).anomalies()).isEmpty();
    }

    @Test
    void readsPanic() {
        ParsedOutput p = parse(run(STARS, "PANIC: Unhandled exception at 0008:0000000000104a2b", STARS));
        assertThat(p.panic()).contains("Unhandled exception at 0008:0000000000104a2b");
        assertThat(p.reported()).isEmpty();
    }

    @Test
    void panicWithoutNewlineLosesTheStarsRunningIntoIt() {
        assertThat(parse(run(STARS, "PANIC: lost" + STARS)).panic()).contains("lost");
    }

    @Test
    void panicAfterSuccessIsReportedWithTheAnomaly() {
        ParsedOutput p = parse(run(
                "Test result: SUCCESS",
                STARS,
                "PANIC: xtf_exit(): hypercall_shutdown(SHUTDOWN_poweroff) returned",
                STARS));
        assertThat(p.reported()).contains(Verdict.SUCCESS);
        assertThat(p.panic()).contains("xtf_exit(): hypercall_shutdown(SHUTDOWN_poweroff) returned");
        assertThat(p.anomalies()).anySatisfy(a -> assertThat(a).contains("after the result line"));
    }

    @Test
    void starAndPanicLinesAreNotReasons() {
        ParsedOutput p = parse(run("real reason", STARS, "PANIC: boom", STARS, "Test result: ERROR"));
        assertThat(p.reasons()).containsExactly("real reason");
        assertThat(p.panic()).contains("boom");
    }

    @Test
    void didNotReportStatusIsTheReason() {
        ParsedOutput p = parse(run("Test did not report a status", "Test result: ERROR"));
        assertThat(p.reported()).contains(Verdict.ERROR);
        assertThat(p.reasons()).containsExactly("Test did not report a status");
    }

    @Test
    void repeatedBannerIsAnAnomalyAndReasonsComeFromTheLastRun() {
        ParsedOutput p = parse(
                "--- Xen Test Framework ---",
                "Environment: PV 32bit (PAE 3 levels)",
                "T",
                "old reason",
                "--- Xen Test Framework ---",
                "Environment: HVM 32bit (No paging)",
                "T",
                "new reason",
                "Test result: SKIP");
        assertThat(p.anomalies()).anySatisfy(a -> assertThat(a).contains("banner appeared 2 times"));
        assertThat(p.reasons()).containsExactly("new reason");
        assertThat(p.environment()).contains("HVM 32bit (No paging)");
    }

    @Test
    void resultWithoutBannerStillCounts() {
        ParsedOutput p = parse("Test result: SKIP");
        assertThat(p.reported()).contains(Verdict.SKIP);
        assertThat(p.bannerSeen()).isFalse();
        assertThat(p.reasons()).isEmpty();
    }

    @Test
    void nullLinesAndNullListDoNotThrow() {
        assertThat(parser.parse(null).reported()).isEmpty();
        assertThat(parser.parse(Arrays.asList(null, "Test result: SUCCESS", null))
                        .reported())
                .contains(Verdict.SUCCESS);
    }

    @Test
    void neverThrowsOnRandomBytes() {
        Random random = new Random(7);
        byte[] alphabet = "Test result: SUCCESS FAILURE with warnings PANIC: ***---Xen Framework\r\n\0 ".getBytes();
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(400)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            ParsedOutput p = parser.parse(LineFramer.frame(b));
            assertThat(p).isNotNull();
            assertThat(p.reasons()).hasSizeLessThanOrEqualTo(10);
        }
    }

    @Test
    void neverThrowsOnShuffledRealLines() {
        Random random = new Random(11);
        List<String> pieces = List.of(
                "--- Xen Test Framework ---",
                "Environment: PV 64bit (Long mode 4 levels)",
                "Title",
                "Test result: SUCCESS",
                "Test result: FAILURE",
                "Test result: BOGUS",
                STARS,
                "PANIC: x",
                "PANIC: ",
                "",
                "reason",
                "Environment: ",
                "Test result: SUCCESS with warnings");
        for (int round = 0; round < 2000; round++) {
            List<String> lines = new ArrayList<>();
            int n = random.nextInt(20);
            for (int i = 0; i < n; i++) {
                lines.add(pieces.get(random.nextInt(pieces.size())));
            }
            ParsedOutput p = parser.parse(lines);
            assertThat(p.reported().isPresent()).isEqualTo(p.resultLines() > 0);
        }
    }
}
