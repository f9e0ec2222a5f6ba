package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.xtfharness.cli.Captured.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.catalog.Environment;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.FakeXl;

/** {@code run --baseline/--compare/--strict/--exit-on} and {@code baseline --from}, on the simulated host. */
class BaselineCommandTest {

    /** Shipped beside the examples; surefire runs in the cli module's directory. */
    private static final Path SHIPPED = Path.of("..", "examples", "baseline", "simulated.baseline");

    @TempDir
    Path dir;

    @Test
    void theShippedBaselineMakesTheSimulatedCatalogueExitZeroAndOneMoreFailureFailsIt() throws Exception {
        assertThat(SHIPPED)
                .as("the example baseline shipped in examples/baseline")
                .exists();
        Path junit = dir.resolve("junit.xml");

        Captured tolerated = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--all",
                "--non-default",
                "--baseline",
                SHIPPED.toString(),
                "--junit",
                junit.toString(),
                "--journal",
                dir.resolve("j1.jsonl").toString()));

        assertThat(tolerated.exit()).as(tolerated.out() + tolerated.err()).isZero();
        assertThat(tolerated.out())
                .contains("Tolerated by the baseline: 11")
                .contains("Worst result: CRASH, exit code 0")
                .contains("tolerated: panics on purpose");
        assertThat(Files.readString(junit))
                .contains("<property name=\"tolerated\" value=\"11\"")
                .contains("<error type=\"CRASH\" message=\"[tolerated] guest panicked");
        validate(junit);

        // One more: creating a passing instance fails, an infrastructure ERROR no rule tolerates.
        Captured oneMore = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--all",
                "--non-default",
                "--baseline",
                SHIPPED.toString(),
                "--sim-create-fails",
                "test-pv64-sim-success",
                "--journal",
                dir.resolve("j2.jsonl").toString()));

        assertThat(oneMore.exit()).as(oneMore.out() + oneMore.err()).isEqualTo(Verdict.ERROR.exitCode());
        assertThat(oneMore.out()).contains("Tolerated by the baseline: 11").contains("exit code 4");
    }

    @Test
    void strictCountsToleratedVerdicts() {
        Path b = write(
                "strict.baseline",
                "test-*-sim-failure FAILURE -- on purpose\n" + "test-pv32pae-* SKIP -- no 32-bit PV\n");

        Captured lenient = capture(() -> Main.execute(
                "run",
                "--simulate",
                "sim-failure",
                "sim-success",
                "--baseline",
                b.toString(),
                "--journal",
                dir.resolve("j1.jsonl").toString()));
        Captured strict = capture(() -> Main.execute(
                "run",
                "--simulate",
                "sim-failure",
                "sim-success",
                "--baseline",
                b.toString(),
                "--strict",
                "--journal",
                dir.resolve("j2.jsonl").toString()));

        assertThat(lenient.exit()).as(lenient.out() + lenient.err()).isZero();
        assertThat(strict.exit()).as(strict.out() + strict.err()).isEqualTo(Verdict.FAILURE.exitCode());
        assertThat(strict.out()).contains("tolerated ones too: strict");
    }

    @Test
    void aDraftedBaselineToleratesThatRunAndComparingFindsTheRegression() throws Exception {
        Path first = dir.resolve("first.jsonl");
        Captured run1 = capture(() -> Main.execute(
                "run", "--simulate", "sim-failure", "sim-success", "sim-skip", "--journal", first.toString()));
        assertThat(run1.exit()).isEqualTo(Verdict.FAILURE.exitCode());

        Path drafted = dir.resolve("drafted.baseline");
        Captured draft = capture(() -> Main.execute("baseline", "--from", first.toString(), "-o", drafted.toString()));
        assertThat(draft.exit()).as(draft.err()).isZero();
        assertThat(Files.readString(drafted))
                .contains("test-pv64-sim-failure")
                .contains("test-hvm64-sim-failure")
                .contains("test-pv64-sim-skip")
                .doesNotContain("test-pv64-sim-success ");
        Captured again = capture(() -> Main.execute("baseline", "--from", first.toString(), "-o", drafted.toString()));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        Captured withDraft = capture(() -> Main.execute(
                "run",
                "--simulate",
                "sim-failure",
                "sim-success",
                "sim-skip",
                "--baseline",
                drafted.toString(),
                "--journal",
                dir.resolve("second.jsonl").toString()));
        assertThat(withDraft.exit()).as(withDraft.out() + withDraft.err()).isZero();

        Path junit = dir.resolve("compare.xml");
        Captured compared = capture(() -> Main.execute(
                "run",
                "--simulate",
                "sim-failure",
                "sim-success",
                "sim-skip",
                "--compare",
                first.toString(),
                "--exit-on",
                "regressions",
                "--sim-create-fails",
                "test-hvm64-sim-success",
                "--junit",
                junit.toString(),
                "--journal",
                dir.resolve("third.jsonl").toString()));
        assertThat(compared.exit()).as(compared.out() + compared.err()).isEqualTo(Verdict.ERROR.exitCode());
        assertThat(compared.out())
                .contains("test-hvm64-sim-success")
                .contains("REGRESSION (was SUCCESS)")
                .contains("STILL_FAILING (was FAILURE)")
                .contains("REGRESSION 1, STILL_FAILING 2");
        assertThat(Files.readString(junit)).contains("<property name=\"change.REGRESSION\" value=\"1\"");
        validate(junit);

        // Only still-failing instances against the earlier JUnit: nothing regressed, exit 0.
        Captured nothingNew = capture(() -> Main.execute(
                "run",
                "--simulate",
                "sim-failure",
                "sim-skip",
                "--compare",
                junit.toString(),
                "--exit-on",
                "regressions",
                "--journal",
                dir.resolve("fourth.jsonl").toString()));
        assertThat(nothingNew.exit()).as(nothingNew.out() + nothingNew.err()).isZero();
        assertThat(nothingNew.out()).contains("GONE");
    }

    @Test
    void retriesAFlakyInstanceThroughTheFakeXlAndReportsItFlaky() throws Exception {
        try (FakeXl xl = FakeXl.create(dir.resolve("fake"))) {
            xl.addXtfTest(
                    "flaky",
                    Environment.PV64,
                    "print --- Xen Test Framework ---",
                    "crash-first-run",
                    "print Test result: SUCCESS",
                    "poweroff");
            Path journal = dir.resolve("journal.jsonl");

            Captured c = capture(() -> Main.execute(
                    "run",
                    "--force",
                    "--xl",
                    String.join(" ", xl.xlCommand()),
                    "--xtf-dir",
                    xl.xtfRoot().toString(),
                    "--log-dir",
                    xl.logDir().toString(),
                    "--retries",
                    "1",
                    "--run-lock",
                    dir.resolve("run.lock").toString(),
                    "--journal",
                    journal.toString(),
                    "test-pv64-flaky"));

            assertThat(c.exit()).as(c.out() + c.err()).isZero();
            assertThat(c.out())
                    .contains("[attempt 2; flaky: CRASH, then SUCCESS]")
                    .contains("Retried: 1, of which flaky (passed on a retry): 1");
            assertThat(c.err()).contains("[1/1]").contains("(attempt 2)").doesNotContain("[2/1]");
            assertThat(Journal.read(journal).results())
                    .extracting(TestResult::attempt, TestResult::verdict)
                    .containsExactly(tuple(1, Verdict.CRASH), tuple(2, Verdict.SUCCESS));
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() {
        Path bad = write("bad.baseline", "# ok\ntest-pv64-x FAILED\n");

        Captured badBaseline = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--baseline",
                bad.toString(),
                "--journal",
                dir.resolve("j.jsonl").toString()));
        Captured noCompare = capture(() -> Main.execute(
                "run",
                "--simulate",
                "--exit-on",
                "regressions",
                "--journal",
                dir.resolve("j.jsonl").toString()));
        Captured badPolicy = capture(() -> Main.execute("run", "--simulate", "--exit-on", "some"));

        assertThat(badBaseline.exit()).isEqualTo(1);
        assertThat(badBaseline.err()).contains(bad + " line 2").contains("'FAILED' is not a verdict");
        assertThat(noCompare.exit()).isEqualTo(1);
        assertThat(noCompare.err()).contains("--exit-on regressions needs --compare");
        assertThat(badPolicy.exit()).isEqualTo(1);
        assertThat(badPolicy.err()).contains("'some' is not an exit policy");
        assertThat(dir.resolve("j.jsonl")).as("no run started").doesNotExist();
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void validate(Path junit) throws Exception {
        URL xsd = BaselineCommandTest.class.getResource("/jenkins-junit.xsd");
        assertThat(xsd)
                .as("the Jenkins JUnit schema from core's test resources")
                .isNotNull();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(xsd)
                .newValidator()
                .validate(new StreamSource(junit.toFile()));
    }
}
