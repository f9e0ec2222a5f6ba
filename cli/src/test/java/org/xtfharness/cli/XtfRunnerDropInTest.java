package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.xtfharness.cli.Captured.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtfharness.catalog.Environment;
import org.xtfharness.testing.FakeXl;

/**
 * The drop-in for XTF's xtf-runner, run against the fake xl host. The expected outputs under
 * {@code xtf-runner/} among the test resources were written by hand from xtf-runner's source
 * (andyhhp/xtf 4172faef, cited in docs/xtf-runner-dropin.md); the lines it has no equivalent of
 * ({@code Executing '...'} naming xtf-harness's own xl commands) from what xtf-harness issues.
 * Paths of the fake host are written as xtf-runner's defaults: {@code xl}, {@code .}, {@code /var/log/xen/console}.
 */
class XtfRunnerDropInTest {

    private static final String BANNER = "print --- Xen Test Framework ---";

    @TempDir
    Path dir;

    @Test
    void logfileModeEchoesEachGuestAndPrintsTheBlockWithEveryVerdictWord() throws Exception {
        try (FakeXl xl = host()) {
            Captured c = dropIn(xl, "-m", "logfile", "-a");
            assertThat(normalised(xl, c.out())).isEqualTo(expected("logfile-all.out"));
            assertThat(c.exit()).as(c.err()).isEqualTo(6);
            assertThat(c.err())
                    .as("reasons go to standard error")
                    .contains("test-pv64-echo CRASH: ")
                    .contains("test-pv32pae-foxtrot SKIP: host cannot run pv32pae");
            assertThat(c.err().lines())
                    .as("with 2>&1 no line of ours can pass for a line of the block")
                    .allMatch(l -> l.startsWith("xtf-harness: "));
        }
    }

    @Test
    void quietLeavesOnlyTheBlankLineXtfRunnerPrintsAfterEachResultLineAndTheBlock() throws Exception {
        try (FakeXl xl = host()) {
            Captured c = dropIn(xl, "-m", "logfile", "-a", "-q");
            assertThat(normalised(xl, c.out())).isEqualTo(expected("logfile-all-q.out"));
            assertThat(c.exit()).isEqualTo(6);
        }
    }

    @Test
    void doubleQuietLeavesSuccessOutOfTheBlock() throws Exception {
        try (FakeXl xl = host()) {
            Captured c = dropIn(xl, "-m", "logfile", "--all", "-qq");
            assertThat(normalised(xl, c.out())).isEqualTo(expected("logfile-all-qq.out"));
            assertThat(c.exit()).isEqualTo(6);
        }
    }

    @Test
    void consoleModeNamesTheCommandsThatRunThenEchoesTheLiveConsole() throws Exception {
        try (FakeXl xl = host()) {
            xl.consoleLogging(false, false);
            Captured c = dropIn(
                    xl,
                    "alpha",
                    "echo",
                    "--xenconsole",
                    xl.xenconsolePath(),
                    "--xenstore-read",
                    String.join(" ", xl.xenstoreReadCommand()));
            assertThat(normalised(xl, c.out()).replace(xl.xenconsolePath(), "xenconsole"))
                    .isEqualTo(expected("console-alpha-echo.out"));
            assertThat(c.exit()).as(c.err()).isEqualTo(6);
        }
    }

    @ParameterizedTest(name = "{0} exits {1}")
    @CsvSource({
        "alpha, 0, SUCCESS",
        "delta, 3, SKIP",
        "charlie, 4, ERROR",
        "bravo, 5, FAILURE",
        "echo, 6, CRASH",
        "foxtrot, 3, SKIP"
    })
    void exitCodeIsXtfRunnersForTheVerdict(String test, int exit, String word) throws Exception {
        try (FakeXl xl = host()) {
            Captured c = dropIn(xl, "-q", "-m", "logfile", test);
            assertThat(c.exit()).as(c.err()).isEqualTo(exit);
            String instance = test.equals("bravo")
                    ? "test-hvm64-bravo"
                    : test.equals("foxtrot") ? "test-pv32pae-foxtrot" : "test-pv64-" + test;
            assertThat(c.out()).endsWith("Combined test results:\n" + String.format("%-40s %s%n", instance, word));
        }
    }

    @Test
    void hostLeavesOutWhatTheHostCannotRun() throws Exception {
        try (FakeXl xl = host()) {
            Captured list = dropIn(xl, "--list", "-a", "--host");
            assertThat(list.out()).isEqualTo(expected("list-all-host.out"));
            Captured run = dropIn(xl, "-a", "--host", "-qq", "-m", "logfile");
            assertThat(normalised(xl, run.out())).isEqualTo(expected("logfile-all-host-qq.out"));
            assertThat(run.exit()).isEqualTo(6);
        }
    }

    @Test
    void listPrintsTheSelectionInXtfRunnersOrder() throws Exception {
        try (FakeXl xl = host()) {
            assertThat(dropIn(xl, "--list", "pv64", "hvm64").out()).isEqualTo(expected("list-pv64-hvm64.out"));
            assertThat(dropIn(xl, "-l", "--non-default").out()).isEqualTo("test-pv64-golf\n");
            Captured envs = dropIn(xl, "--list", "--environments");
            assertThat(envs.out()).isEqualTo("hvm32\nhvm32pae\nhvm32pse\nhvm64\npv32pae\npv64\n");
            assertThat(envs.exit()).isZero();
        }
    }

    @Test
    void anEmptySelectionIsXtfRunnersErrorWithExitOne() throws Exception {
        try (FakeXl xl = host()) {
            Captured list = dropIn(xl, "--list");
            assertThat(list.out()).isEmpty();
            assertThat(list.err()).isEqualTo("Error: No tests selected\n");
            assertThat(list.exit()).isEqualTo(1);
            Captured filtered = dropIn(xl, "--list", "--host", "foxtrot");
            assertThat(filtered.err()).isEqualTo("Error: No tests selected\n");
            assertThat(filtered.exit()).isEqualTo(1);
            Captured run = dropIn(xl, "-q");
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).endsWith("Error: No tests to run\n");
            assertThat(run.exit()).isEqualTo(1);
        }
    }

    @Test
    void usageErrorsAreOptparsesWithExitTwo() {
        Captured unknown = capture(() -> Main.execute("xtf-runner", "--bogus"));
        assertThat(unknown.err())
                .isEqualTo("Usage: xtf-runner [--list] <SELECTION> [options]\n\n"
                        + "xtf-runner: error: no such option: --bogus\n");
        assertThat(unknown.exit()).isEqualTo(2);
        Captured mode = capture(() -> Main.execute("xtf-runner", "-m", "serial", "pv64"));
        assertThat(mode.err())
                .endsWith("xtf-runner: error: option -m: invalid choice: 'serial' "
                        + "(choose from 'console', 'logfile')\n");
        assertThat(mode.exit()).isEqualTo(2);
        Captured missing = capture(() -> Main.execute("xtf-runner", "--logfile-dir"));
        assertThat(missing.err()).endsWith("xtf-runner: error: --logfile-dir option requires 1 argument\n");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(unknown.out() + mode.out() + missing.out()).isEmpty();
    }

    @Test
    void withoutXlItStopsInsteadOfFallingBackToTheSimulatedHost() {
        Captured c = capture(() -> Main.execute("xtf-runner", "-a", "--xl", "no-such-xl-here"));
        assertThat(c.out()).isEmpty();
        assertThat(c.err()).startsWith("Error: no no-such-xl-here on this machine's PATH");
        assertThat(c.exit()).isEqualTo(1);
    }

    @Test
    void theSimulatedHostRunsWhenAskedWithEitherResultsMode() {
        // The simulated host keeps its run lock in its own /run/lock, and has a live console too.
        Captured c =
                capture(() -> Main.execute("xtf-runner", "--simulate", "-m", "logfile", "-qq", "pv64-sim-success"));
        assertThat(c.out()).isEqualTo("\nCombined test results:\n");
        assertThat(c.exit()).as(c.err()).isZero();
        Captured console = capture(() -> Main.execute("xtf-runner", "--simulate", "-qq", "pv64-sim-success"));
        assertThat(console.out()).isEqualTo("Combined test results:\n");
        assertThat(console.exit()).as(console.err()).isZero();
    }

    @Test
    void aFailedXlCreateStopsTheRunWithoutABlockAsXtfRunnersRunnerErrorDoes() throws Exception {
        try (FakeXl xl = host()) {
            xl.fail("create", "libxl: error: domain creation failed");
            Captured c = dropIn(xl, "-m", "logfile", "alpha", "charlie");
            assertThat(c.exit()).isEqualTo(1);
            assertThat(c.out()).doesNotContain("Combined test results:").doesNotContain("test-pv64-charlie");
            assertThat(c.err())
                    .contains("Error: test-pv64-alpha: could not create domain test-pv64-alpha")
                    .contains("domain creation failed");
            assertThat(xl.calls("create"))
                    .as("nothing runs after the first failure")
                    .hasSize(1);
        }
    }

    @Test
    void xtfHarnessWithoutASubcommandAnswersXtfRunnersCommandLineAndKeepsItsOwn() throws Exception {
        try (FakeXl xl = host()) {
            List<String> args = new ArrayList<>(List.of("--list", "pv64"));
            args.addAll(extraOptions(xl));
            Captured c = capture(() -> Main.execute(args.toArray(String[]::new)));
            assertThat(c.out()).isEqualTo("test-pv64-alpha\ntest-pv64-charlie\ntest-pv64-delta\ntest-pv64-echo\n");
            List<String> selectionFirst = new ArrayList<>(List.of("pv64", "--list"));
            selectionFirst.addAll(extraOptions(xl));
            assertThat(capture(() -> Main.execute(selectionFirst.toArray(String[]::new)))
                            .out())
                    .isEqualTo(c.out());
            Captured usage = capture(() -> Main.execute("--bogus"));
            assertThat(usage.err()).startsWith("Usage: xtf-harness [--list] <SELECTION> [options]");
            assertThat(usage.exit()).isEqualTo(2);
        }
        Captured help = capture(() -> Main.execute("--help"));
        assertThat(help.out()).contains("Commands:").contains("xtf-runner's own command line");
        assertThat(help.exit()).isZero();
        assertThat(capture(() -> Main.execute("--version")).exit()).isZero();
        Captured typo = capture(() -> Main.execute("shwo", "x"));
        assertThat(typo.err())
                .as("a mistyped subcommand is not a selection")
                .contains("Did you mean: xtf-harness show?");
        Captured list = capture(() -> Main.execute("list", "--simulate"));
        assertThat(list.out()).contains("test-");
        assertThat(list.exit()).isZero();
    }

    @Test
    void aSymlinkNamedXtfRunnerInAnXtfDirectoryWorksInTheLinksDirectory() throws Exception {
        Path script = Path.of("..", "bin", "xtf-runner").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(script), "bin/xtf-runner is beside the cli module");
        try (FakeXl xl = host()) {
            Path link = xl.xtfRoot().resolve("xtf-runner");
            Files.createSymbolicLink(link, script);
            Path launcher = dir.resolve("launcher");
            Files.writeString(
                    launcher,
                    "#!/bin/sh\nexec \"$TEST_JAVA\" -cp \"$TEST_CLASSPATH\" org.xtfharness.cli.Main \"$@\"\n");
            launcher.toFile().setExecutable(true);
            Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

            List<String> cmd = new ArrayList<>(List.of(link.toString(), "-m", "logfile", "alpha"));
            cmd.addAll(List.of(
                    "--xl",
                    String.join(" ", xl.xlCommand()),
                    "--run-lock",
                    dir.resolve("run.lock").toString(),
                    "--logfile-dir",
                    xl.logDir() + "/"));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(elsewhere.toFile())
                    .redirectError(dir.resolve("err.log").toFile());
            pb.environment().put("XTF_HARNESS", launcher.toString());
            pb.environment()
                    .put(
                            "TEST_JAVA",
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString());
            pb.environment().put("TEST_CLASSPATH", System.getProperty("java.class.path"));
            Process p = pb.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(Files.readString(dir.resolve("err.log")))
                    .isZero();
            // The cfg path is relative: the run worked in the link's directory, not where it was called from.
            assertThat(normalised(xl, out)).isEqualTo(expected("symlink-alpha.out"));
        }
    }

    private FakeXl host() {
        FakeXl xl = FakeXl.create(dir.resolve("fake"));
        xl.consoleLogging(true, false);
        xl.addXtfTest(
                "alpha", Environment.PV64, BANNER, env(Environment.PV64), "print Test result: SUCCESS", "poweroff");
        xl.addXtfTest(
                "bravo", Environment.HVM64, BANNER, env(Environment.HVM64), "print Test result: FAILURE", "poweroff");
        xl.addXtfTest(
                "charlie", Environment.PV64, BANNER, env(Environment.PV64), "print Test result: ERROR", "poweroff");
        xl.addXtfTest("delta", Environment.PV64, BANNER, env(Environment.PV64), "print Test result: SKIP", "poweroff");
        xl.addXtfTest("echo", Environment.PV64, BANNER, env(Environment.PV64), "print Stack overflow", "crash");
        xl.addXtfTest(
                "foxtrot",
                Environment.PV32PAE,
                BANNER,
                env(Environment.PV32PAE),
                "print Test result: SUCCESS",
                "poweroff");
        xl.addXtfTest(
                "golf",
                "utility",
                Environment.PV64,
                Optional.empty(),
                BANNER,
                env(Environment.PV64),
                "print Test result: SUCCESS",
                "poweroff");
        return xl;
    }

    private static String env(Environment e) {
        return "print Environment: " + e.banner();
    }

    private List<String> extraOptions(FakeXl xl) {
        return List.of(
                "--xl",
                String.join(" ", xl.xlCommand()),
                "--xtf-dir",
                xl.xtfRoot().toString(),
                "--run-lock",
                dir.resolve("run.lock").toString(),
                "--logfile-dir",
                xl.logDir() + "/");
    }

    private Captured dropIn(FakeXl xl, String... args) {
        List<String> a = new ArrayList<>(List.of("xtf-runner"));
        a.addAll(List.of(args));
        a.addAll(extraOptions(xl));
        return capture(() -> Main.execute(a.toArray(String[]::new)));
    }

    /** The fake host's paths written as xtf-runner's defaults on a real host. */
    private static String normalised(FakeXl xl, String out) {
        return out.replace(String.join(" ", xl.xlCommand()), "xl")
                .replace(xl.logDir().toString(), "/var/log/xen/console")
                .replace(xl.xtfRoot().toString(), ".");
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = XtfRunnerDropInTest.class.getResourceAsStream("/xtf-runner/" + name)) {
            assertThat(in).as("expected output " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
