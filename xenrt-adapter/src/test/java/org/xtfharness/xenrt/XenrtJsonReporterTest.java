package org.xtfharness.xenrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

class XenrtJsonReporterTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path tmp;

    private static TestResult result(String instance, Outcome outcome) {
        Evidence evidence = new Evidence(
                List.of("--- Xen Test Framework ---", "Test result: " + outcome.verdict()),
                "/var/log/xen/guest-" + instance + ".log",
                Optional.of(ConsoleCapture.Location.FROM_MARK),
                64,
                Optional.of("---sc-"),
                Optional.empty(),
                Optional.empty(),
                List.of("destroyed a stale domain"));
        return new TestResult(instance, outcome, T0, Duration.ofMillis(900), 1, evidence);
    }

    private static RunSummary summary(List<TestResult> results, List<String> notRun, boolean interrupted) {
        RunPlan plan = new RunPlan(List.of(), "ssh://root@xs1", "xenconsoled log /var/log/xen/guest-%s.log", 2, T0);
        return new RunSummary(plan, results, notRun, Duration.ofSeconds(5), interrupted);
    }

    private JsonNode write(RunSummary summary) throws IOException {
        Path file = tmp.resolve("out/xenrt.json");
        new XenrtJsonReporter(file, XenrtConventions.defaults(), Map.of("journal", "/logs/journal.jsonl"))
                .runFinished(summary);
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void writesOneRecordPerInstanceWithGroupTestcaseResultAndReason() throws IOException {
        JsonNode doc = write(summary(
                List.of(
                        result(
                                "test-pv64-example",
                                Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "guest reported SUCCESS")),
                        result("test-hvm64-xsa-186", Outcome.of(Verdict.SKIP, Cause.GUEST_REPORTED, "Not vulnerable")),
                        result(
                                "test-pv32pae-fpu~exn",
                                Outcome.of(Verdict.FAILURE, Cause.GUEST_REPORTED, "Fail: \"x\"")),
                        result("test-hvm32-selftest", Outcome.infrastructure("xl create failed")),
                        result(
                                "test-hvm32pse-selftest",
                                Outcome.of(Verdict.CRASH, Cause.DOMAIN_CRASHED, "domain crashed"))),
                List.of(),
                false));

        assertThat(doc.get("format").asText()).isEqualTo("xtf-harness-xenrt");
        assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.at("/run/exitCode").asInt()).isEqualTo(6);
        assertThat(doc.at("/run/worstVerdict").asText()).isEqualTo("CRASH");
        assertThat(doc.at("/run/counts/SUCCESS").asInt()).isEqualTo(1);
        assertThat(doc.at("/run/artifacts/journal").asText()).isEqualTo("/logs/journal.jsonl");
        JsonNode results = doc.get("results");
        assertThat(results).hasSize(5);
        assertThat(summaryOf(results.get(0))).isEqualTo("pv64 example PASS 1 guest reported SUCCESS");
        assertThat(summaryOf(results.get(1))).isEqualTo("hvm64 xsa-186 SKIPPED 5 Not vulnerable");
        assertThat(summaryOf(results.get(2))).isEqualTo("pv32pae fpu~exn FAIL 2 Fail: \"x\"");
        assertThat(summaryOf(results.get(3))).isEqualTo("hvm32 selftest ERROR 4 xl create failed");
        assertThat(summaryOf(results.get(4))).isEqualTo("hvm32pse selftest FAIL 2 domain crashed");
        assertThat(results.get(3).get("harnessProblem").asBoolean()).isTrue();
        assertThat(results.get(4).get("verdict").asText()).isEqualTo("CRASH");
        assertThat(results.get(4).get("cause").asText()).isEqualTo("DOMAIN_CRASHED");
        assertThat(results.get(4).at("/evidence/consoleLog").asText())
                .isEqualTo("/var/log/xen/guest-test-hvm32pse-selftest.log");
        assertThat(results.get(4).at("/evidence/consoleLocation").asText()).isEqualTo("FROM_MARK");
        assertThat(results.get(4).at("/evidence/consoleTail/1").asText()).isEqualTo("Test result: CRASH");
        assertThat(results.get(4).at("/evidence/notes/0").asText()).isEqualTo("destroyed a stale domain");
    }

    @Test
    void keepsTheRealResultAndAddsTheAssessmentOfToleratedRegressedAndFlakyInstances() throws IOException {
        TestResult known = result("test-pv64-known", Outcome.of(Verdict.FAILURE, Cause.GUEST_REPORTED, "Fail: known"));
        TestResult crashed = result("test-pv64-flaky", Outcome.of(Verdict.CRASH, Cause.DOMAIN_CRASHED, "crashed"));
        TestResult passed = new TestResult(
                "test-pv64-flaky",
                Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "ok"),
                T0,
                Duration.ofMillis(900),
                2,
                crashed.evidence());
        RunSummary s = summary(List.of(known, passed), List.of(), false)
                .withAssessments(Map.of(
                        "test-pv64-known",
                        Assessment.none("test-pv64-known")
                                .withToleratedBecause(Optional.of("bug 1"))
                                .withChange(Assessment.Change.REGRESSION, Optional.of(Verdict.SUCCESS)),
                        "test-pv64-flaky",
                        new Assessment(
                                "test-pv64-flaky",
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                List.of(crashed),
                                true)));

        JsonNode results = write(s).get("results");

        assertThat(summaryOf(results.get(0))).isEqualTo("pv64 known FAIL 2 Fail: known");
        assertThat(results.get(0).at("/assessment/tolerated").asText()).isEqualTo("bug 1");
        assertThat(results.get(0).at("/assessment/change").asText()).isEqualTo("REGRESSION");
        assertThat(results.get(0).at("/assessment/previousVerdict").asText()).isEqualTo("SUCCESS");
        assertThat(summaryOf(results.get(1))).isEqualTo("pv64 flaky PASS 1 ok");
        assertThat(results.get(1).at("/assessment/flaky").asBoolean()).isTrue();
        assertThat(results.get(1).at("/assessment/earlierAttempts/0/verdict").asText())
                .isEqualTo("CRASH");
        assertThat(results.get(1)
                        .at("/assessment/earlierAttempts/0/consoleTail/1")
                        .asText())
                .isEqualTo("Test result: CRASH");
    }

    @Test
    void recordsInstancesAnInterruptedRunNeverFinishedAsNotRun() throws IOException {
        JsonNode doc = write(summary(
                List.of(result("test-pv64-example", Outcome.of(Verdict.SUCCESS, Cause.GUEST_REPORTED, "ok"))),
                List.of("test-pv64-later"),
                true));

        assertThat(doc.at("/run/interrupted").asBoolean()).isTrue();
        assertThat(doc.at("/run/exitCode").asInt()).isEqualTo(1);
        assertThat(doc.at("/run/counts/NOTRUN").asInt()).isEqualTo(1);
        JsonNode notRun = doc.get("results").get(1);
        assertThat(summaryOf(notRun)).startsWith("pv64 later NOTRUN 0 not run");
        assertThat(notRun.get("verdict").isNull()).isTrue();
    }

    @Test
    void replacesAnEarlierDocumentAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("xenrt.json");
        Files.writeString(file, "{\"stale\": true}");

        XenrtJsonReporter.to(file).runFinished(summary(List.of(), List.of(), false));

        assertThat(new ObjectMapper().readTree(file.toFile()).has("stale")).isFalse();
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void reportsAFileItCannotWriteAsAnInfrastructureFailure() throws IOException {
        Path blocker = tmp.resolve("not-a-dir");
        Files.writeString(blocker, "x");

        assertThatThrownBy(() -> XenrtJsonReporter.to(blocker.resolve("xenrt.json"))
                        .runFinished(summary(List.of(), List.of(), false)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("cannot write XenRT results");
    }

    private static String summaryOf(JsonNode r) {
        return r.get("group").asText() + " " + r.get("testcase").asText() + " "
                + r.get("result").asText() + " " + r.get("resultCode").asInt() + " "
                + r.get("reason").asText();
    }
}
