package org.xtfharness.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.Fixtures;

/**
 * Runs the Perl (osstest) and Python (XenRT) examples' own tests, so they run in the Maven build,
 * and checks the CLI's TAP with prove. Each is skipped, with the reason, on a machine without its
 * interpreter.
 *
 * <p>The scripts' simulated tests ({@code t/simulated.t}, {@code tests/test_simulated.py}) run the
 * real CLI: {@code XTF_HARNESS_REAL} names it and {@code XTF_HARNESS_SIM_EXPECTED} the verdicts
 * a correct run reaches. The CLI is this build's {@code org.xtfharness.cli.Main} on this test's
 * class path, through a small launcher; {@code bin/xtf-harness} would run the same code from the
 * packaged jar, which a {@code test} build does not make (the launcher would start a nested Maven
 * build). Set {@code XTF_HARNESS_REAL} in the environment to test another CLI, e.g.
 * {@code bin/xtf-harness}.
 */
// Side by side: each test mostly waits on its child processes (prove, python, the CLI's JVM), each
// script's tests write to their own temporary directories, and the scratch files here are per test.
@Execution(ExecutionMode.CONCURRENT)
class ScriptedExamplesTest {

    private static final Path EXAMPLES =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final List<String> SELECTION = List.of("--all");

    @TempDir
    static Path scratch;

    private static Map<String, String> simulatedEnv;

    @BeforeAll
    static void realCliAndExpectations() throws IOException {
        String real = System.getenv("XTF_HARNESS_REAL");
        if (real == null || real.isEmpty()) {
            Path launcher = scratch.resolve("xtf-harness");
            // Arguments go to java as arguments: the class path is the only thing written in.
            Files.writeString(
                    launcher,
                    "#!/bin/sh\nexec '" + javaBinary() + "' -cp '"
                            + System.getProperty("java.class.path").replace("'", "'\\''")
                            + "' org.xtfharness.cli.Main \"$@\"\n");
            assertThat(launcher.toFile().setExecutable(true)).isTrue();
            real = launcher.toString();
        }
        Path expected = SimulatedExpectations.write(
                SimulatedExpectations.of(SELECTION),
                SimulatedExpectations.hostUnsupported(SELECTION),
                scratch.resolve("expected-verdicts"));
        simulatedEnv = Map.of("XTF_HARNESS_REAL", real, "XTF_HARNESS_SIM_EXPECTED", expected.toString());
    }

    @Test
    void osstestStepRecordsTheRealSimulatedRun() throws Exception {
        Fixtures.require(
                Fixtures.onPath("perl") && Fixtures.onPath("prove"), "perl and prove (TAP::Harness) are not installed");

        Result r = run(EXAMPLES.resolve("osstest"), List.of("prove", "-v", "t/simulated.t"), simulatedEnv);

        assertThat(r.output).doesNotContain("skipped:").contains("All tests successful.");
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void xenrtTestcaseRecordsTheRealSimulatedRun() throws Exception {
        Result r = run(
                EXAMPLES.resolve("xenrt"),
                List.of(
                        Fixtures.requirePython3(),
                        "-m",
                        "unittest",
                        "discover",
                        "-v",
                        "-s",
                        "tests",
                        "-p",
                        "test_simulated.py"),
                simulatedEnv);

        assertThat(r.output)
                .containsPattern("test_records_one_subcase_per_instance_with_its_result\\b.* \\.\\.\\. ok\n")
                .contains("\nOK")
                .doesNotContain("skipped");
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void proveAcceptsTheCliTap13StreamOfTheSimulatedRun() throws Exception {
        Fixtures.require(Fixtures.onPath("prove"), "prove (TAP::Harness) is not installed");
        Map<String, Verdict> expected = SimulatedExpectations.of(SELECTION);
        Path tap = scratch.resolve("simulated.tap");
        List<String> cli = new ArrayList<>(List.of(
                simulatedEnv.get("XTF_HARNESS_REAL"),
                "run",
                "--simulate",
                "--format",
                "tap",
                "--tap-version",
                "13",
                "--journal",
                scratch.resolve("tap-journal.jsonl").toString()));
        cli.addAll(SELECTION);
        Process p = new ProcessBuilder(cli)
                .redirectOutput(tap.toFile())
                .redirectError(scratch.resolve("tap.err").toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(Files.readString(tap)).startsWith("TAP version 13\n");
        long failing = expected.values().stream()
                .filter(v -> v != Verdict.SUCCESS && v != Verdict.SKIP)
                .count();

        // prove exits non-zero because the simulated failures are "not ok": judge its parse, not its exit.
        Result r = run(scratch, List.of("prove", "--exec", "cat", tap.toString()));

        assertThat(r.output)
                .doesNotContain("Parse errors")
                .doesNotContain("Bad plan")
                .contains("Tests=" + expected.size() + ",")
                .contains("Failed " + failing + "/" + expected.size() + " subtests");
    }

    @Test
    void osstestStepPassesItsProveTests() throws Exception {
        Fixtures.require(
                Fixtures.onPath("perl") && Fixtures.onPath("prove"), "perl and prove (TAP::Harness) are not installed");

        Result r = run(EXAMPLES.resolve("osstest"), List.of("prove", "t"));

        assertThat(r.output).contains("All tests successful.").contains("Result: PASS");
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void xenrtTestcasePassesItsUnittests() throws Exception {
        Result r = run(
                EXAMPLES.resolve("xenrt"),
                List.of(Fixtures.requirePython3(), "-m", "unittest", "discover", "-s", "tests"));

        assertThat(r.output).containsPattern("Ran [1-9][0-9]* tests").contains("\nOK");
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void xenrtTestcasePassesItsUnittestsUnderPython27AsXenrtRunsIt() throws Exception {
        // pyenv's shim finds 2.7 only when asked for that version; any other python2.7 is used as it is.
        Map<String, String> env = Map.of("PYENV_VERSION", "2.7.18");
        Result version = run(EXAMPLES, List.of("sh", "-c", "python2.7 --version 2>&1 || true"), env);
        Fixtures.require(version.output.startsWith("Python 2.7"), "no working python2.7: " + version.output.strip());

        Result r =
                run(EXAMPLES.resolve("xenrt"), List.of("python2.7", "-m", "unittest", "discover", "-s", "tests"), env);

        assertThat(r.output).containsPattern("Ran [1-9][0-9]* tests").contains("\nOK");
        assertThat(r.exit).as(r.output).isZero();
    }

    private record Result(int exit, String output) {}

    private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        return run(dir, command, Map.of());
    }

    private static Result run(Path dir, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        // The scripts' own tests run their simulated test only when these are set.
        pb.environment().remove("XTF_HARNESS_REAL");
        pb.environment().remove("XTF_HARNESS_SIM_EXPECTED");
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Result(p.exitValue(), output);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()
                .replace("'", "'\\''");
    }
}
