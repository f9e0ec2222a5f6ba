package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class HtmlReporterTest {

    @TempDir
    Path dir;

    private static RunSummary everyVerdict() {
        return SampleResults.summary(SampleResults.everyVerdict(), true);
    }

    @Test
    void countsEveryVerdictWithABarEach() {
        String html = HtmlReporter.render(everyVerdict());
        assertThat(html)
                .contains("<tr data-verdict=\"SUCCESS\"><th><span class=\"v v-SUCCESS\">SUCCESS</span></th>"
                        + "<td class=\"count\">2</td>");
        assertThat(html)
                .contains("<tr data-verdict=\"ERROR\"><th><span class=\"v v-ERROR\">ERROR</span></th>"
                        + "<td class=\"count\">3</td>");
        assertThat(html)
                .contains("<tr data-verdict=\"CRASH\"><th><span class=\"v v-CRASH\">CRASH</span></th>"
                        + "<td class=\"count\">2</td>");
        assertThat(html).contains("id=\"total\">9<").contains("width:33.3%").contains("simulated Xen host (test)");
    }

    @Test
    void guestBytesCannotCloseTheScriptOrInjectMarkup() {
        TestResult hostile = SampleResults.result(
                "test-pv64-hostile",
                Outcome.of(Verdict.FAILURE, Cause.GUEST_REPORTED, "Fail: </script><script>alert(1)</script>"),
                SampleResults.evidence(
                        List.of(
                                "</script><img src=http://evil.example/x>",
                                "nul\u0000 here",
                                "bad \uFFFD utf8",
                                SampleResults.NASTY),
                        List.of("<iframe src=x>")));
        String html = HtmlReporter.render(SampleResults.summary(List.of(hostile), false));

        assertThat(html).containsOnlyOnce("<script>").containsOnlyOnce("</script>");
        assertThat(html).doesNotContain("<img").doesNotContain("<iframe").doesNotContain("<b>");
        assertThat(html)
                .contains("&lt;/script&gt;&lt;img src=http://evil.example/x&gt;")
                .contains("&lt;b&gt;&amp;amp;&lt;/b&gt;")
                .contains("nul\\x00 here");
        assertThat(html.chars().filter(c -> c < 0x20 && c != '\n' && c != '\t'))
                .as("control characters")
                .isEmpty();
        assertThat(html.chars().filter(c -> Character.isSurrogate((char) c)).count())
                .as("only the emoji's pair")
                .isEqualTo(2);
        assertThat(html).doesNotContain("\uFFFE").doesNotContain("\uFFFF");
    }

    @Test
    void forbidsEveryNetworkFetchAndReferencesNoExternalAsset() {
        String html = HtmlReporter.render(everyVerdict());
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none';");
        assertThat(html)
                .doesNotContainPattern("(?i)(src|href)\\s*=")
                .doesNotContain("url(")
                .doesNotContain("@import");
    }

    @Test
    void foldsReasonAndConsoleUnderEachInstanceThatDidNotPassCleanly() {
        String html = HtmlReporter.render(everyVerdict());
        assertThat(html)
                .contains("<details class=\"evidence\"><summary>guest panicked: Unhandled exception after "
                        + "printing &#39;SUCCESS&#39;</summary>");
        assertThat(html).contains("<pre class=\"console\">Test result: SUCCESS\nPANIC: Unhandled exception</pre>");
        int successRow = html.indexOf("data-name=\"test-pv64-success\"");
        String successGroup = html.substring(successRow, html.indexOf("</tbody>", successRow));
        assertThat(successGroup).doesNotContain("<details").contains("guest reported SUCCESS");
        assertThat(html).contains("<dt>domain state</dt><dd>---sc-</dd>").contains("harness</span>");
    }

    @Test
    void withoutAssessmentsThereIsNoClassColumn() {
        assertThat(HtmlReporter.render(everyVerdict())).doesNotContain("data-key=\"class\"");
    }

    @Test
    void showsAssessmentsAsAClassColumnWithEarlierAttemptsFolded() {
        List<TestResult> results = SampleResults.everyVerdict();
        TestResult earlier = new TestResult(
                "test-pv64-success",
                Outcome.of(Verdict.CRASH, Cause.TIMED_OUT, "timed out after 30 s"),
                SampleResults.START,
                Duration.ofSeconds(30),
                1,
                SampleResults.evidence(List.of("first attempt hung here"), List.of()));
        Map<String, Assessment> a = Map.of(
                "test-pv64-success",
                        new Assessment(
                                "test-pv64-success",
                                Optional.empty(),
                                Optional.of(Assessment.Change.PASS),
                                Optional.of(Verdict.SUCCESS),
                                List.of(earlier),
                                true),
                "test-hvm64-failure",
                        new Assessment(
                                "test-hvm64-failure",
                                Optional.of("known: <XSA-999> pending"),
                                Optional.of(Assessment.Change.STILL_FAILING),
                                Optional.of(Verdict.FAILURE),
                                List.of(),
                                false),
                "test-hvm32-crash",
                        new Assessment(
                                "test-hvm32-crash",
                                Optional.empty(),
                                Optional.of(Assessment.Change.REGRESSION),
                                Optional.of(Verdict.SUCCESS),
                                List.of(),
                                false),
                "test-pv64-removed",
                        new Assessment(
                                "test-pv64-removed",
                                Optional.empty(),
                                Optional.of(Assessment.Change.GONE),
                                Optional.of(Verdict.SUCCESS),
                                List.of(),
                                false));
        String html = HtmlReporter.render(everyVerdict().withAssessments(a));

        assertThat(html).contains("<th data-key=\"class\">class</th>");
        assertThat(html)
                .contains("<span class=\"badge c-REGRESSION\" title=\"earlier run: SUCCESS\">regression</span>");
        assertThat(html)
                .contains("<span class=\"badge tolerated\" title=\"known: &lt;XSA-999&gt; pending\">tolerated</span>");
        assertThat(html).contains("<span class=\"badge flaky\">flaky</span>");
        assertThat(html)
                .contains("<details class=\"attempts\"><summary>1 earlier attempt(s)</summary>")
                .contains("first attempt hung here");
        assertThat(html).contains("<ul id=\"gone\"><li>test-pv64-removed</li></ul>");
    }

    @Test
    void listsWhatAnInterruptedRunNeverFinished() {
        List<TestResult> results = SampleResults.everyVerdict().subList(0, 2);
        RunSummary s = new RunSummary(
                SampleResults.plan(results, false), results, List.of("test-pv64-later"), Duration.ofSeconds(3), true);
        assertThat(HtmlReporter.render(s)).contains("INTERRUPTED").contains("<li>test-pv64-later</li>");
    }

    @Test
    void writesTheFileWhenTheRunFinishes() throws Exception {
        Path file = dir.resolve("report.html");
        Reporters.html(file).runFinished(everyVerdict());
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .startsWith("<!DOCTYPE html>")
                .isEqualTo(HtmlReporter.render(everyVerdict()));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
