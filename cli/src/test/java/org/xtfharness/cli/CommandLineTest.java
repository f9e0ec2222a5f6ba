package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.journal.Journal;
import org.xtfharness.run.TestResult;
import org.xtfharness.sim.SimulatedHost;
import org.xtfharness.testing.Fixtures;
import picocli.CommandLine;

/** The command line as people use it: help, version, usage errors, completion and show. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("list", "run", "show", "doctor", "completion")) {
            Captured c = capture(command, "--help");
            assertThat(c.exit).as(command).isZero();
            assertThat(c.out)
                    .as(command)
                    .contains("Usage: xtf-harness " + command)
                    .contains("Examples:");
        }
        assertThat(capture("--help").out)
                .contains("Examples:")
                .contains("completion")
                .contains("show");
    }

    @Test
    void versionNamesTheProjectAndTheSimulatedHostsXen() {
        Captured c = capture("run", "--simulate", "--version");
        assertThat(c.exit).isZero();
        assertThat(c.out)
                .contains("xtf-harness " + Version.current())
                .contains("Xen " + SimulatedHost.XEN_VERSION + " on simulated Xen host (");
    }

    @Test
    void versionSaysWhyTheHostsXenIsUnknownWhenItCannotBeAsked() {
        Captured c = capture("run", "--xl", dir.resolve("no-such-xl").toString(), "--version");
        assertThat(c.exit).isZero();
        assertThat(c.out)
                .contains("xtf-harness " + Version.current())
                .contains("Xen version unknown: local not reachable");
    }

    @Test
    void mistypedCommandIsNamedWithTheClosestOne() {
        Captured c = capture("shwo", "x");
        assertThat(c.exit).isEqualTo(1);
        assertThat(c.err).contains("'shwo'").contains("Did you mean: xtf-harness show?");
    }

    @Test
    void mistypedOptionIsNamedWithTheClosestOne() {
        Captured c = capture("run", "--simulate", "--no-progres");
        assertThat(c.exit).isEqualTo(1);
        assertThat(c.err)
                .contains("Unknown option: '--no-progres'")
                .contains("--no-progress")
                .contains("Try 'xtf-harness run --help'.");
    }

    @Test
    void bashCompletionSourcesCleanlyAndCompletesCommandsAndOptions() throws Exception {
        Fixtures.require(Files.isExecutable(Path.of("/bin/bash")), "bash is needed to try the completion script");
        Captured c = capture("completion");
        assertThat(c.exit).isZero();
        Path script = dir.resolve("xtf-harness.bash");
        Files.writeString(script, c.out);
        assertThat(complete(script, "xtf-harness", "ru")).isEqualTo("run\n");
        assertThat(complete(script, "xtf-harness", "run", "--no-p")).isEqualTo("--no-progress\n");
        assertThat(complete(script, "xtf-harness", "completion", "z")).isEqualTo("zsh\n");
    }

    @Test
    void completionOffersExactlyTheDocumentedFormats() throws Exception {
        Fixtures.require(Files.isExecutable(Path.of("/bin/bash")), "bash is needed to try the completion script");
        Path script = dir.resolve("xtf-harness.bash");
        Files.writeString(script, capture("completion").out);

        assertThat(complete(script, "xtf-harness", "run", "--format", "").lines())
                .containsExactlyInAnyOrder("text", "tap", "osstest-events", "json-lines");
    }

    @Test
    void usageLinesShowPlainLabelsNotRegularExpressions() {
        String help = capture("run", "--help").out;

        assertThat(help)
                .doesNotContain("\\s")
                .contains("[--xl=COMMAND]")
                .contains("[--xenstore-read=COMMAND]")
                .doesNotContain("--xl=COMMAND]...");
    }

    @Test
    void anEmptyOrRepeatedXlCommandIsAUsageErrorNamingTheOption() {
        Captured c = capture("list", "--xl", " ");

        assertThat(c.exit).isEqualTo(1);
        assertThat(c.err).contains("--xl needs a program").doesNotContain("Exception");
        Captured twice = capture("list", "--xl", "xl", "--xl", "/usr/sbin/xl");
        assertThat(twice.exit).isEqualTo(1);
        assertThat(twice.err).contains("'--xl' (COMMAND) should be specified only once");
    }

    @Test
    void helpExamplesAreNeverCutInsideATokenAtEightyColumns() {
        CommandLine root = new CommandLine(new Main());
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        for (CommandLine command : commands) {
            command.setUsageHelpWidth(80);
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String line : command.getCommandSpec().usageMessage().footer()) {
                assertThat(help)
                        .as("%s --help at 80 columns", command.getCommandName())
                        .contains(line);
            }
        }
    }

    @Test
    void zshGetsTheSameScriptWhichLoadsBashCompatibility() {
        Captured zsh = capture("completion", "zsh");
        assertThat(zsh.out).isEqualTo(capture("completion", "bash").out).contains("bashcompinit");
        Captured fish = capture("completion", "fish");
        assertThat(fish.exit).isEqualTo(1);
        assertThat(fish.err).contains("bash or zsh, not 'fish'");
    }

    @Test
    void showPrintsTheEvidenceOfOneResultFromTheJournal() {
        Path journal = simulatedJournal();
        TestResult panic = Journal.read(journal).results().stream()
                .filter(r -> r.instance().equals("test-pv64-sim-panic"))
                .findFirst()
                .orElseThrow();

        Captured c = capture("show", "test-pv64-sim-panic", "--journal", journal.toString());
        assertThat(c.exit).isZero();
        assertThat(c.out)
                .contains("instance:  test-pv64-sim-panic")
                .contains("verdict:   CRASH")
                .contains("cause:     DOMAIN_CRASHED")
                .contains("reason:    " + panic.outcome().reason())
                .contains("console:   " + panic.evidence().consoleOrigin())
                .contains("domain:    state " + panic.evidence().domainState().orElseThrow());
        for (String line : panic.evidence().consoleExcerpt()) {
            assertThat(c.out).contains("  | " + line);
        }
        assertThat(capture("show", "sim-panic", "--journal", journal.toString()).out)
                .isEqualTo(c.out);
    }

    @Test
    void showNeutralisesABidiOverrideTheGuestPrinted() throws Exception {
        Path journal = simulatedJournal();
        // The journal is ASCII JSON: a guest's U+202E is stored as the escape \\u202e.
        String json = Files.readString(journal);
        assertThat(json).contains("panicked");
        Files.writeString(journal, json.replace("panicked", "\\u202epanicked"));

        Captured c = capture("show", "test-pv64-sim-panic", "--journal", journal.toString());

        assertThat(c.exit).as(c.err).isZero();
        assertThat(c.out).contains("\\u202epanicked").doesNotContain("\u202e");
    }

    @Test
    void aBaselineRuleMatchingNoInstanceOfTheRunIsWarnedAboutOnce() throws Exception {
        Path baseline = Files.writeString(
                dir.resolve("typo.baseline"),
                "test-pv64-sim-panik CRASH -- a typo\ntest-*-sim-panic CRASH -- on purpose\n");

        Captured c = capture(
                "run",
                "--simulate",
                "--no-progress",
                "sim-panic",
                "--baseline",
                baseline.toString(),
                "--journal",
                dir.resolve("run.jsonl").toString());

        assertThat(c.exit).as(c.err).isZero();
        String warning = "baseline rule test-pv64-sim-panik (" + baseline + ":1) matches no instance of this run";
        assertThat(c.err).contains(warning).doesNotContain("test-*-sim-panic (");
        assertThat(c.err.split(Pattern.quote(warning), -1)).hasSize(2);
    }

    @Test
    void theDefaultJournalOfTheReadmesFirstCommandIsIgnoredByGit() throws Exception {
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        Fixtures.require(Files.exists(checkout.resolve(".git")), "needs the project's git checkout, not a source copy");
        Process p;
        try {
            p = new ProcessBuilder(
                            "git",
                            "-C",
                            checkout.toString(),
                            "check-ignore",
                            "-q",
                            "xtf-harness-journal-20240501-100000.jsonl")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            abort("git is not installed: " + e.getMessage());
            return;
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("git check-ignore exit status (0: ignored)")
                .isZero();
    }

    @Test
    void showNamesTheJournalAndTheClosestInstanceWhenItIsNotThere() {
        Path journal = simulatedJournal();
        Captured c = capture("show", "test-pv64-sim-panik", "--journal", journal.toString());
        assertThat(c.exit).isEqualTo(1);
        assertThat(c.err)
                .contains("no instance 'test-pv64-sim-panik' in journal " + journal)
                .contains("did you mean 'test-pv64-sim-panic'?");
        Captured ambiguous = capture("show", "sim-success", "--journal", journal.toString());
        assertThat(ambiguous.exit).isEqualTo(1);
        assertThat(ambiguous.err)
                .contains("test-pv64-sim-success")
                .contains("test-hvm64-sim-success")
                .contains("give the full name");
        Captured missing =
                capture("show", "x", "--journal", dir.resolve("none.jsonl").toString());
        assertThat(missing.err).contains("journal " + dir.resolve("none.jsonl") + " does not exist");
    }

    private Path simulatedJournal() {
        Path journal = dir.resolve("run.jsonl");
        Captured run = capture(
                "run", "--simulate", "--no-progress", "--journal", journal.toString(), "sim-panic", "sim-success");
        assertThat(run.exit).as(run.err).isEqualTo(6);
        return journal;
    }

    /** What the generated bash function offers for the last word, one per line. */
    private static String complete(Path script, String... words) throws Exception {
        String body = "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMP_LINE=\"$*\"; "
                + "COMP_POINT=${#COMP_LINE}; _complete_xtf-harness 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "--norc", "-c", body, "bash", script.toString()));
        cmd.addAll(List.of(words));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    private record Captured(int exit, String out, String err) {}

    private static Captured capture(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
