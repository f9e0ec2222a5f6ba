package org.xtfharness.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class BaselineTest {

    private static final Optional<String> XEN_417 = Optional.of("4.17.3");

    @TempDir
    Path dir;

    @Test
    void toleratesAListedVerdictOfANamedInstanceWithItsReasonBugAndLine() {
        Baseline b = Baseline.parse("""
                # comment
                   # indented comment

                test-pv64-foo   FAILURE   bug=https://bugs.example/42 host=TCG -- fails under emulation
                """, "base.txt");

        Optional<BaselineRule> rule = b.tolerance("test-pv64-foo", Verdict.FAILURE, XEN_417);

        assertThat(rule).isPresent();
        assertThat(rule.get().describe())
                .isEqualTo("fails under emulation; bug https://bugs.example/42; host TCG (base.txt:4)");
        assertThat(b.tolerance("test-pv64-foo", Verdict.CRASH, XEN_417)).isEmpty();
        assertThat(b.tolerance("test-pv64-foobar", Verdict.FAILURE, XEN_417)).isEmpty();
        assertThat(b.tolerance("test-pv64-foo", Verdict.SUCCESS, XEN_417)).isEmpty();
    }

    @Test
    void globsCoverInstanceNamesAndTheFirstMatchingRuleGivesTheReason() {
        Baseline b = Baseline.parse("""
                test-hvm*-fep-?    ERROR,CRASH  -- needs hvm_fep
                test-*             ANY          -- everything else
                """, "b");

        assertThat(b.tolerance("test-hvm64-fep-a", Verdict.CRASH, XEN_417))
                .get()
                .extracting(BaselineRule::reason)
                .isEqualTo("needs hvm_fep");
        assertThat(b.tolerance("test-hvm64-fep-ab", Verdict.CRASH, XEN_417))
                .get()
                .extracting(BaselineRule::reason)
                .isEqualTo("everything else");
        assertThat(b.tolerance("test-pv64-x", Verdict.SKIP, XEN_417)).isPresent();
        // '.' in a name is literal, not a regex wildcard
        assertThat(Baseline.parse("test-pv64-a.b FAILURE", "b").tolerance("test-pv64-aXb", Verdict.FAILURE, XEN_417))
                .isEmpty();
    }

    @Test
    void xenRangesLimitARuleAndAnUnknownVersionDoesNotMatchThem() {
        Baseline b =
                Baseline.parse("test-pv64-old FAILURE xen=..4.16,4.18 -- fixed in 4.17, broken again in 4.18", "b");

        assertThat(b.tolerance("test-pv64-old", Verdict.FAILURE, Optional.of("4.16.5")))
                .isPresent();
        assertThat(b.tolerance("test-pv64-old", Verdict.FAILURE, Optional.of("4.15.0")))
                .isPresent();
        assertThat(b.tolerance("test-pv64-old", Verdict.FAILURE, XEN_417)).isEmpty();
        assertThat(b.tolerance("test-pv64-old", Verdict.FAILURE, Optional.of("4.18-unstable")))
                .isPresent();
        assertThat(b.tolerance("test-pv64-old", Verdict.FAILURE, Optional.empty()))
                .isEmpty();
    }

    @Test
    void xenVersionsCompareOnTheBoundsPrecision() {
        XenVersions v = XenVersions.parse("4.15..4.17");
        assertThat(v.contains("4.15.0")).isTrue();
        assertThat(v.contains("4.17.99")).isTrue();
        assertThat(v.contains("4.17.0-simulated")).isTrue();
        assertThat(v.contains("4.14.6")).isFalse();
        assertThat(v.contains("4.18.0")).isFalse();
        assertThat(v.contains("unstable")).isFalse();
        assertThat(XenVersions.parse("4.17.2..").contains("4.17.1")).isFalse();
        assertThat(XenVersions.parse("4.17.2..").contains("5.0")).isTrue();
    }

    @Test
    void badLinesAreRejectedNamingTheFileTheLineAndWhatIsWrong() {
        assertThatThrownBy(() -> Baseline.parse("\n\ntest-pv64-x  FAILUR", "base.txt"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("base.txt line 3")
                .hasMessageContaining("'FAILUR' is not a verdict");
        assertThatThrownBy(() -> Baseline.parse("test-pv64-x", "b")).hasMessageContaining("no VERDICTS");
        assertThatThrownBy(() -> Baseline.parse("test-pv64-x SUCCESS", "b")).hasMessageContaining("SUCCESS needs no");
        assertThatThrownBy(() -> Baseline.parse("test-pv64-x FAILURE why not", "b"))
                .hasMessageContaining("'why' is not KEY=VALUE");
        assertThatThrownBy(() -> Baseline.parse("test-pv64-x FAILURE arch=x86", "b"))
                .hasMessageContaining("unknown key 'arch'");
        assertThatThrownBy(() -> Baseline.parse("test-pv64-x FAILURE bug=1 bug=2", "b"))
                .hasMessageContaining("'bug' is given twice");
        assertThatThrownBy(() -> Baseline.parse("test-pv64-x FAILURE xen=4.x", "b"))
                .hasMessageContaining("'4.x' is not a Xen version");
        assertThatThrownBy(() -> Baseline.parse("test-pv64-x FAILURE xen=..", "b"))
                .hasMessageContaining("needs at least one end");
        assertThatThrownBy(() -> Baseline.parse("test/pv64 FAILURE", "b"))
                .hasMessageContaining("'test/pv64' is not an instance name or glob");
    }

    @Test
    void aReversedXenRangeIsRejectedNamingTheFileAndLine() {
        assertThatThrownBy(() -> Baseline.parse("# old\ntest-pv64-x FAILURE xen=4.14,4.17..4.15", "base.txt"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("base.txt line 2")
                .hasMessageContaining("4.17..4.15 is reversed")
                .hasMessageContaining("write 4.15..4.17");
        assertThat(XenVersions.parse("4.17.3..4.17").contains("4.17.3"))
                .as("same on the common precision")
                .isTrue();
    }

    @Test
    void rulesCoveringNoInstanceOfTheRunAreFound() {
        Baseline b = Baseline.parse("test-pv64-*-typo FAILURE\ntest-*-example CRASH\ntest-hvm64-gone SKIP\n", "b");

        assertThat(b.unmatched(List.of("test-pv64-example", "test-hvm64-example")))
                .extracting(BaselineRule::origin)
                .containsExactly("b:1", "b:3");
    }

    @Test
    void aDraftShowsABidiOverrideFromTheGuestAsAVisibleEscape() {
        TestResult r = SampleResults.result(
                "test-pv64-bidi",
                Outcome.of(Verdict.FAILURE, Cause.GUEST_REPORTED, "Fail: \u202eSSECCUS"),
                Evidence.none(List.of()));

        String text = Baseline.draft(List.of(r), "journal \u2066run.jsonl");

        assertThat(text)
                .contains("guest_reported: Fail: \\u202eSSECCUS")
                .contains("journal \\u2066run.jsonl")
                .doesNotContain("\u202e")
                .doesNotContain("\u2066");
    }

    @Test
    void readingAMissingFileNamesIt() {
        Path missing = dir.resolve("nope.baseline");
        assertThatThrownBy(() -> Baseline.read(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void draftToleratesWhatFailedOnTheLastAttemptAndReadsBack() throws Exception {
        List<TestResult> results = List.of(
                result("test-pv64-ok", Verdict.SUCCESS, 1),
                result("test-pv64-bad", Verdict.FAILURE, 1),
                result("test-pv64-flaky", Verdict.CRASH, 1),
                result("test-pv64-flaky", Verdict.SUCCESS, 2),
                result("test-hvm64-skip", Verdict.SKIP, 1));

        String text = Baseline.draft(results, "journal run.jsonl");
        Path file = Files.writeString(dir.resolve("drafted.baseline"), text);
        Baseline b = Baseline.read(file);

        assertThat(text).startsWith("# xtf-harness baseline").contains("2 of 4 instances did not pass");
        assertThat(b.rules()).extracting(BaselineRule::pattern).containsExactly("test-pv64-bad", "test-hvm64-skip");
        assertThat(b.tolerance("test-pv64-bad", Verdict.FAILURE, Optional.empty()))
                .get()
                .extracting(BaselineRule::reason)
                .isEqualTo("guest_reported: reason -- with a tab and \\x07 bell");
        assertThat(b.tolerance("test-pv64-flaky", Verdict.CRASH, Optional.empty()))
                .isEmpty();
    }

    private static TestResult result(String name, Verdict v, int attempt) {
        TestResult r = SampleResults.result(
                name,
                Outcome.of(v, Cause.GUEST_REPORTED, "reason -- with\ta tab and \u0007 bell"),
                Evidence.none(List.of()));
        return new TestResult(r.instance(), r.outcome(), r.started(), r.duration(), attempt, r.evidence());
    }
}
