package org.xtfharness.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.xtfharness.report.JUnitXmlReporter;
import org.xtfharness.report.JsonLinesReporter;
import org.xtfharness.report.TapReporter;
import org.xtfharness.report.TextSummaryReporter;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.Assessment.Change;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.ExitPolicy;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class BaselineAssessorTest {

    @Test
    void classesEachInstanceAgainstTheEarlierRun() {
        Map<String, Verdict> before = new LinkedHashMap<>();
        before.put("test-pv64-passes", Verdict.SUCCESS);
        before.put("test-pv64-regresses", Verdict.SUCCESS);
        before.put("test-pv64-skip-then-fails", Verdict.SKIP);
        before.put("test-pv64-same", Verdict.FAILURE);
        before.put("test-pv64-worse", Verdict.FAILURE);
        before.put("test-pv64-fixed", Verdict.CRASH);
        before.put("test-pv64-gone", Verdict.ERROR);
        before.put("test-pv64-interrupted", Verdict.SUCCESS);
        RunSummary now = summary(
                List.of(
                        result("test-pv64-passes", Verdict.SUCCESS),
                        result("test-pv64-regresses", Verdict.FAILURE),
                        result("test-pv64-skip-then-fails", Verdict.ERROR),
                        result("test-pv64-same", Verdict.FAILURE),
                        result("test-pv64-worse", Verdict.CRASH),
                        result("test-pv64-fixed", Verdict.SUCCESS),
                        result("test-pv64-new", Verdict.FAILURE)),
                List.of("test-pv64-interrupted"));

        Map<String, Assessment> a = new BaselineAssessor(
                        Baseline.empty(), Optional.of(new EarlierRun("earlier", before)), Optional.empty())
                .assess(now);

        assertThat(a.get("test-pv64-passes").change()).contains(Change.PASS);
        assertThat(a.get("test-pv64-regresses").change()).contains(Change.REGRESSION);
        assertThat(a.get("test-pv64-regresses").previousVerdict()).contains(Verdict.SUCCESS);
        assertThat(a.get("test-pv64-skip-then-fails").change()).contains(Change.REGRESSION);
        assertThat(a.get("test-pv64-same").change()).contains(Change.STILL_FAILING);
        assertThat(a.get("test-pv64-worse").change()).contains(Change.STILL_FAILING);
        assertThat(a.get("test-pv64-worse").previousVerdict()).contains(Verdict.FAILURE);
        assertThat(a.get("test-pv64-fixed").change()).contains(Change.FIXED);
        assertThat(a.get("test-pv64-new").change()).contains(Change.NEW_TEST);
        assertThat(a.get("test-pv64-new").previousVerdict()).isEmpty();
        assertThat(a.get("test-pv64-gone").change()).contains(Change.GONE);
        assertThat(a.get("test-pv64-gone").previousVerdict()).contains(Verdict.ERROR);
        // Not finished because the run was interrupted: not gone, just not assessed.
        assertThat(a).doesNotContainKey("test-pv64-interrupted");
    }

    @Test
    void aToleratedVerdictDoesNotCountTowardsTheExitCodeUnlessStrict() {
        Baseline b = Baseline.parse("test-pv64-known FAILURE bug=XEN-1 -- known bug", "b");
        RunSummary run = summary(
                List.of(result("test-pv64-ok", Verdict.SUCCESS), result("test-pv64-known", Verdict.FAILURE)),
                List.of());
        RunSummary assessed =
                run.withAssessments(new BaselineAssessor(b, Optional.empty(), Optional.empty()).assess(run));

        assertThat(run.exitCode()).as("no baseline: xtf-runner's worst verdict").isEqualTo(5);
        assertThat(assessed.assessment("test-pv64-known").flatMap(Assessment::toleratedBecause))
                .get()
                .asString()
                .contains("known bug")
                .contains("XEN-1");
        assertThat(assessed.results()).extracting(TestResult::verdict).contains(Verdict.FAILURE);
        assertThat(assessed.exitCode()).isZero();
        assertThat(assessed.withExitPolicy(ExitPolicy.worstVerdict().withStrict(true))
                        .exitCode())
                .isEqualTo(5);
        assertThat(assessed.worst()).isEqualTo(Verdict.FAILURE);
        assertThat(TextSummaryReporter.render(assessed))
                .contains("tolerated: known bug; bug XEN-1 (b:1)")
                .contains("Tolerated by the baseline: 1")
                .contains("exit code 0");
    }

    @Test
    void tapMarksAToleratedFailureTodoUnlessStrictAndJsonLinesCarryTheAssessment() {
        Baseline b = Baseline.parse("test-pv64-known FAILURE -- known bug", "b");
        RunSummary run = summary(List.of(result("test-pv64-known", Verdict.FAILURE)), List.of());
        RunSummary assessed =
                run.withAssessments(new BaselineAssessor(b, Optional.empty(), Optional.empty()).assess(run));

        StringWriter lenient = new StringWriter();
        TapReporter.to(lenient).runFinished(assessed);
        StringWriter strict = new StringWriter();
        TapReporter.to(strict)
                .runFinished(assessed.withExitPolicy(ExitPolicy.worstVerdict().withStrict(true)));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new JsonLinesReporter(json).runFinished(assessed);

        assertThat(lenient.toString())
                .contains("not ok 1 - test-pv64-known # TODO tolerated: known bug (b:1)")
                .contains("  tolerated: \"known bug (b:1)\"");
        assertThat(strict.toString()).contains("not ok 1 - test-pv64-known\n").doesNotContain("# TODO");
        assertThat(json.toString(StandardCharsets.UTF_8))
                .contains("\"tolerated\":1")
                .contains("\"exitCode\":0")
                .contains("\"toleratedBecause\":\"known bug (b:1)\"");
    }

    @Test
    void oneMoreFailureThanTheBaselineToleratesFailsTheRun() {
        Baseline b = Baseline.parse("test-pv64-known FAILURE", "b");
        RunSummary run = summary(
                List.of(result("test-pv64-known", Verdict.FAILURE), result("test-pv64-other", Verdict.ERROR)),
                List.of());
        RunSummary assessed =
                run.withAssessments(new BaselineAssessor(b, Optional.empty(), Optional.empty()).assess(run));

        assertThat(assessed.exitCode()).isEqualTo(Verdict.ERROR.exitCode());
    }

    @Test
    void regressionsOnlyPolicyCountsRegressionsAndFailingNewTests() {
        Map<String, Verdict> before = Map.of("test-pv64-old", Verdict.FAILURE, "test-pv64-was-ok", Verdict.SUCCESS);
        RunSummary run = summary(
                List.of(result("test-pv64-old", Verdict.CRASH), result("test-pv64-was-ok", Verdict.SUCCESS)),
                List.of());
        BaselineAssessor assessor =
                new BaselineAssessor(Baseline.empty(), Optional.of(new EarlierRun("e", before)), Optional.empty());
        ExitPolicy regressions = ExitPolicy.worstVerdict().withScope(ExitPolicy.Scope.REGRESSIONS);

        RunSummary stillFailing = run.withAssessments(assessor.assess(run)).withExitPolicy(regressions);
        assertThat(stillFailing.exitCode()).as("only a still-failing instance").isZero();
        assertThat(stillFailing.withExitPolicy(ExitPolicy.worstVerdict()).exitCode())
                .isEqualTo(6);

        RunSummary worse = summary(
                List.of(result("test-pv64-old", Verdict.CRASH), result("test-pv64-was-ok", Verdict.FAILURE)),
                List.of());
        assertThat(worse.withAssessments(assessor.assess(worse))
                        .withExitPolicy(regressions)
                        .exitCode())
                .isEqualTo(5);

        RunSummary newFailure = summary(List.of(result("test-pv64-brand-new", Verdict.ERROR)), List.of());
        assertThat(newFailure
                        .withAssessments(assessor.assess(newFailure))
                        .withExitPolicy(regressions)
                        .exitCode())
                .isEqualTo(4);
    }

    @Test
    void reportsShowTheClassesAndJUnitStillValidates() throws Exception {
        Map<String, Verdict> before = Map.of("test-pv64-was-ok", Verdict.SUCCESS, "test-pv64-gone", Verdict.FAILURE);
        RunSummary run = summary(
                List.of(result("test-pv64-was-ok", Verdict.FAILURE), result("test-pv64-known", Verdict.CRASH)),
                List.of());
        BaselineAssessor assessor = new BaselineAssessor(
                Baseline.parse("test-pv64-known CRASH -- ok", "b"),
                Optional.of(new EarlierRun("e", before)),
                Optional.empty());
        RunSummary assessed = run.withAssessments(assessor.assess(run));

        String text = TextSummaryReporter.render(assessed);
        assertThat(text)
                .contains("REGRESSION (was SUCCESS)")
                .contains("NEW_TEST; tolerated")
                .contains("GONE")
                .contains("[not in this run; was FAILURE]")
                .contains(
                        "Against the earlier run: PASS 0, REGRESSION 1, STILL_FAILING 0, FIXED 0, NEW_TEST 1, GONE 1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JUnitXmlReporter.write(assessed, out);
        String xml = out.toString(StandardCharsets.UTF_8);
        assertThat(xml)
                .contains("<failure type=\"FAILURE\" message=\"[REGRESSION (was SUCCESS)] reason\"")
                .contains("<property name=\"change.REGRESSION\" value=\"1\"")
                .contains("<property name=\"gone\" value=\"test-pv64-gone\"")
                .contains("<property name=\"tolerated\" value=\"1\"")
                .contains("tolerated by the baseline: ok (b:1)");
        URL xsd = getClass().getResource("/jenkins-junit.xsd");
        assertThat(xsd).isNotNull();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(xsd)
                .newValidator()
                .validate(new StreamSource(new ByteArrayInputStream(out.toByteArray())));
        // What we wrote reads back with the real verdicts.
        EarlierRun back = JUnitResults.parse(new ByteArrayInputStream(out.toByteArray()), "junit.xml");
        assertThat(back.verdicts())
                .containsEntry("test-pv64-was-ok", Verdict.FAILURE)
                .containsEntry("test-pv64-known", Verdict.CRASH)
                .hasSize(2);
    }

    static RunSummary summary(List<TestResult> results, List<String> notRun) {
        RunSummary s = SampleResults.summary(results, false);
        return new RunSummary(s.plan(), results, notRun, s.duration(), false);
    }

    static TestResult result(String name, Verdict v) {
        return SampleResults.result(name, Outcome.of(v, Cause.GUEST_REPORTED, "reason"), Evidence.none(List.of()));
    }
}
