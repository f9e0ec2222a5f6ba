package org.xtfharness.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;
import org.xtfharness.report.JUnitXmlReporter;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class EarlierRunTest {

    @TempDir
    Path dir;

    @Test
    void readsOurJUnitBackWithEveryVerdictIncludingTimeoutsAndHarnessErrors() throws Exception {
        List<TestResult> all = SampleResults.everyVerdict();
        Path junit = dir.resolve("junit.xml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JUnitXmlReporter.write(SampleResults.summary(all, false), out);
        Files.write(junit, out.toByteArray());

        EarlierRun run = EarlierRun.read(junit);

        assertThat(run.verdicts()).hasSize(all.size());
        all.forEach(r -> assertThat(run.verdict(r.instance())).as(r.instance()).contains(r.verdict()));
    }

    @Test
    void readsAJournalTakingTheLastAttemptOfEachInstance() {
        Path file = dir.resolve("run.jsonl");
        try (Journal j = Journal.create(file, new Journal.Header("t", Instant.now(), "h"))) {
            j.append(result("test-pv64-a", Verdict.CRASH, 1));
            j.append(result("test-pv64-a", Verdict.SUCCESS, 2));
            j.append(result("test-pv64-b", Verdict.FAILURE, 1));
        }

        EarlierRun run = EarlierRun.read(file);

        assertThat(run.verdict("test-pv64-a")).contains(Verdict.SUCCESS);
        assertThat(run.verdict("test-pv64-b")).contains(Verdict.FAILURE);
        assertThat(run.origin()).contains(file.toString());
    }

    @Test
    void toleratesOtherJUnitWritersShapes() throws Exception {
        Path junit = Files.writeString(dir.resolve("other.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="all" tests="6" flaky="1">
                  <testsuite name="a" tests="3" package="x" id="0">
                    <properties><property name="k" value="v"/></properties>
                    <testcase name="test-pv64-ok" classname="c" file="f.py" line="3" time="1"/>
                    <testcase name="test-pv64-assert" classname="c"><failure message="m" type="AssertionError">trace</failure>
                      <system-out>hi</system-out></testcase>
                    <testcase name="test-pv64-exc" classname="c"><error message="m" type="java.io.IOException"/></testcase>
                  </testsuite>
                  <testsuite name="b" tests="3">
                    <testcase name="test-pv64-skipped"><skipped message="later"/></testcase>
                    <testcase name="test-pv64-timeout"><error type="TIMEOUT" message="timed out">x</error></testcase>
                    <testcase name="not a domain name!"><failure/></testcase>
                    <testcase name="test-pv64-unfinished"><skipped>not run: the run was interrupted before this instance finished</skipped></testcase>
                  </testsuite>
                </testsuites>
                """);

        EarlierRun run = EarlierRun.read(junit);

        assertThat(run.verdicts())
                .containsOnly(
                        Map.entry("test-pv64-ok", Verdict.SUCCESS),
                        Map.entry("test-pv64-assert", Verdict.FAILURE),
                        Map.entry("test-pv64-exc", Verdict.ERROR),
                        Map.entry("test-pv64-skipped", Verdict.SKIP),
                        Map.entry("test-pv64-timeout", Verdict.CRASH));
    }

    @Test
    void malformedJUnitIsAnErrorNamingTheFileAndLine() throws Exception {
        Path junit = Files.writeString(
                dir.resolve("broken.xml"), "<testsuite name=\"x\">\n  <testcase name=\"a\">\n" + "  </testsuite>\n");

        assertThatThrownBy(() -> EarlierRun.read(junit))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("JUnit file " + junit)
                .hasMessageContaining("line 3")
                .hasMessageContaining("not well-formed");
    }

    @Test
    void aFileThatIsNeitherIsRejectedSayingWhatItStartsWith() throws Exception {
        Path other = Files.writeString(dir.resolve("x.txt"), "PASS test-pv64-a\n");
        Path empty = Files.writeString(dir.resolve("empty"), "");

        assertThatThrownBy(() -> EarlierRun.read(other))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(other.toString())
                .hasMessageContaining("starts with 'P'");
        assertThatThrownBy(() -> EarlierRun.read(empty)).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> EarlierRun.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }

    private static TestResult result(String name, Verdict v, int attempt) {
        TestResult r = SampleResults.result(name, Outcome.of(v, Cause.GUEST_REPORTED, "r"), Evidence.none(List.of()));
        return new TestResult(r.instance(), r.outcome(), r.started(), r.duration(), attempt, r.evidence());
    }
}
