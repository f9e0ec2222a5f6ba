package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.Fixtures;

/**
 * A run on the simulated host as a person watches it in a terminal (a tmux pane of fixed size,
 * captured while it runs) and as a CI log records it (standard error to a file). The captures are
 * kept under target/terminal-session/ for people to read.
 */
class TerminalSessionTest {

    private static final List<String> SELECTION = List.of("sim-success", "sim-failure", "sim-panic", "sim-hang");
    private static final Pattern FINISHED =
            Pattern.compile("^\\[(\\d+)/(\\d+)\\] (\\S+)\\s+(SUCCESS|SKIP|ERROR|FAILURE|CRASH) ");
    private static final Pattern STATUS = Pattern.compile(
            "^\\[(\\d+)/(\\d+)\\] ((?:(?:SUCCESS|SKIP|ERROR|FAILURE|CRASH) \\d+  )*)(\\d+:\\d\\d) elapsed.*");
    private static final Path RECORDINGS = Path.of("target", "terminal-session");

    @TempDir
    Path dir;

    private Path socket;

    @BeforeEach
    void needsTmux() throws Exception {
        Fixtures.require(
                Fixtures.onPath("tmux"), "tmux is not installed (Debian package tmux; bin/test-all installs it)");
        socket = dir.resolve("tmux.sock");
        Files.createDirectories(RECORDINGS);
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (socket != null && Files.exists(socket)) {
            tmux("kill-server");
        }
    }

    @Test
    void onATerminalALiveStatusLineCountsWhatIsDoneAndRunningThenGivesWayToTheFinishedLines() throws Exception {
        Path journal = dir.resolve("live.jsonl");
        startInPane(cli(journal));

        List<String> captures = new ArrayList<>();
        String during = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = capture(false);
            captures.add(screen);
            if (during == null && screen.contains("running 1: test-pv64-sim-hang")) {
                during = screen;
            }
            if (screen.contains("\nexit ")) {
                break;
            }
            Thread.sleep(150);
        }
        String coloured = capture(true);
        Files.writeString(RECORDINGS.resolve("live-while-running.txt"), during == null ? "" : during);
        Files.writeString(RECORDINGS.resolve("live-at-the-end.txt"), screen);
        Files.writeString(RECORDINGS.resolve("live-at-the-end-with-escapes.txt"), coloured);
        assertThat(screen).as("the run ended; last screen").contains("\nexit 6");
        assertThat(during)
                .as("a capture while the hanging guest ran; captures:\n" + String.join("\n----\n", captures))
                .isNotNull();

        // While running: the status line is the last line, and agrees with the lines above it.
        List<String> lines = nonEmptyLines(during);
        String status = lines.get(lines.size() - 1);
        Matcher m = STATUS.matcher(status);
        assertThat(m.matches()).as("status line: " + status).isTrue();
        List<Matcher> finishedSoFar = finished(lines);
        int total = Journal.read(journal).results().size();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(finishedSoFar.size()).isLessThan(total);
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(total);
        assertThat(m.group(3).strip()).isEqualTo(countsText(finishedSoFar));
        assertThat(status).contains("left | running 1: test-pv64-sim-hang");

        // At the end: one line per instance, the status line gone, verdicts coloured.
        List<String> end = nonEmptyLines(screen);
        assertThat(finished(end)).hasSize(total);
        assertThat(end).noneMatch(l -> l.contains(" elapsed"));
        assertVerdictsMatchJournal(finished(end), journal);
        assertThat(coloured).as("colour on a terminal").containsPattern("\u001b\\[[0-9;]*3[1-5]m(FAILURE|CRASH)");
    }

    @Test
    void noColorDropsColourOnATerminal() throws Exception {
        Path journal = dir.resolve("nocolor.jsonl");
        List<String> cmd = new ArrayList<>(List.of("env", "NO_COLOR=1"));
        cmd.addAll(cli(journal, "sim-failure", "sim-panic"));
        startInPane(cmd);
        String screen = awaitExit();
        String coloured = capture(true);
        Files.writeString(RECORDINGS.resolve("no-color-at-the-end-with-escapes.txt"), coloured);
        assertThat(finished(nonEmptyLines(screen)))
                .hasSize(Journal.read(journal).results().size());
        assertThat(coloured).doesNotContainPattern("\u001b\\[[0-9;]*m");
    }

    @Test
    void offATerminalTheSameRunWritesOnePlainLinePerInstanceAndNoControlCharacter() throws Exception {
        Path journal = dir.resolve("plain.jsonl");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cli(journal))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Verdict.CRASH.exitCode());
        String text = Files.readString(err, StandardCharsets.UTF_8);
        Files.writeString(RECORDINGS.resolve("plain-ci-log.txt"), text);

        assertThat(text).doesNotContain("\u001b").doesNotContain("\r");
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n'))
                .as("control characters")
                .isEmpty();
        List<String> lines = nonEmptyLines(text);
        List<Matcher> finished = finished(lines);
        int total = Journal.read(journal).results().size();
        assertThat(finished).hasSize(total);
        // Two header lines (what runs where, and the console source), then one line per instance.
        assertThat(lines).hasSize(total + 2).first().asString().startsWith("xtf-harness: " + total + " instance(s)");
        assertThat(lines.get(1)).startsWith("xtf-harness: console: ");
        for (int i = 0; i < total; i++) {
            assertThat(finished.get(i).group(1)).isEqualTo(Integer.toString(i + 1));
            assertThat(finished.get(i).group(2)).isEqualTo(Integer.toString(total));
        }
        assertVerdictsMatchJournal(finished, journal);
    }

    @Test
    void noProgressOnATerminalLeavesOnlyThePlainLines() throws Exception {
        Path journal = dir.resolve("noprogress.jsonl");
        List<String> cmd = cli(journal, "sim-failure", "sim-success");
        cmd.add("--no-progress");
        startInPane(cmd);
        awaitExit();
        String coloured = capture(true);
        assertThat(coloured).doesNotContainPattern("\u001b\\[[0-9;]*m");
        assertThat(finished(nonEmptyLines(capture(false))))
                .hasSize(Journal.read(journal).results().size());
    }

    @Test
    void ctrlCDuringALiveRunLeavesTheStatusLineAndReportsTheInterruptionOnItsOwnLine() throws Exception {
        Path journal = dir.resolve("interrupted.jsonl");
        List<String> cmd = cli(journal, "sim-failure", "sim-hang", "sim-success");
        cmd.set(cmd.indexOf("--timeout") + 1, "60");
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-x", "200", "-y", "50", "--"));
        args.addAll(cmd);
        args.addAll(List.of(";", "set-option", "remain-on-exit", "on"));
        tmux(args.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!capture(false).contains("running 1: test-pv64-sim-hang") && System.nanoTime() < deadline) {
            Thread.sleep(150);
        }
        tmux("send-keys", "C-c");
        while (!tmux("display-message", "-p", "#{pane_dead}").strip().equals("1") && System.nanoTime() < deadline) {
            Thread.sleep(150);
        }
        String screen = capture(false);
        Files.writeString(RECORDINGS.resolve("interrupted.txt"), screen);
        assertThat(tmux("display-message", "-p", "#{pane_dead}").strip())
                .as(screen)
                .isEqualTo("1");
        assertThat(nonEmptyLines(screen))
                .as(screen)
                .anyMatch(l -> l.startsWith("xtf-harness: interrupted: destroying this run's domains"))
                .anyMatch(l -> l.startsWith("Run INTERRUPTED"))
                .noneMatch(l -> l.contains("internal error") || l.contains("Exception"));
        assertThat(Journal.read(journal).results())
                .extracting(TestResult::instance)
                .doesNotContain("test-pv64-sim-hang");
    }

    @Test
    void tapOnTheSameTerminalGetsNoStatusLineToLandOn() throws Exception {
        Path journal = dir.resolve("tap.jsonl");
        List<String> cmd = cli(journal, "sim-failure", "sim-success");
        cmd.addAll(List.of("--format", "tap"));
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-x", "200", "-y", "50", "--"));
        args.addAll(cmd);
        args.addAll(List.of(";", "set-option", "remain-on-exit", "on"));
        tmux(args.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!tmux("display-message", "-p", "#{pane_dead}").strip().equals("1") && System.nanoTime() < deadline) {
            Thread.sleep(150);
        }
        String coloured = capture(true);
        Files.writeString(RECORDINGS.resolve("tap-on-the-terminal-with-escapes.txt"), coloured);
        List<String> lines = nonEmptyLines(capture(false));
        int total = Journal.read(journal).results().size();
        assertThat(lines.stream().filter(l -> l.startsWith("ok ") || l.startsWith("not ok ")))
                .hasSize(total);
        assertThat(finished(lines)).hasSize(total);
        assertThat(coloured).doesNotContainPattern("\u001b\\[[0-9;]*m");
    }

    private List<String> cli(Path journal, String... selection) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--simulate",
                "--timeout",
                "3",
                "--journal",
                journal.toString()));
        cmd.addAll(selection.length == 0 ? SELECTION : List.of(selection));
        return cmd;
    }

    /** Runs the command in a new 200x50 pane; its standard output goes to a file, its exit status to the pane. */
    private void startInPane(List<String> command) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "new-session",
                "-d",
                "-x",
                "200",
                "-y",
                "50",
                "--",
                "sh",
                "-c",
                "out=$1; shift; \"$@\" >\"$out\"; echo \"exit $?\"; exec sleep 600",
                "sh",
                dir.resolve("stdout-" + System.nanoTime() + ".txt").toString()));
        args.addAll(command);
        tmux(args.toArray(String[]::new));
    }

    private String awaitExit() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String screen = capture(false);
        while (!screen.contains("\nexit ") && System.nanoTime() < deadline) {
            Thread.sleep(150);
            screen = capture(false);
        }
        assertThat(screen).as("the run ended").contains("\nexit ");
        return screen;
    }

    private String capture(boolean escapes) throws Exception {
        return escapes ? tmux("capture-pane", "-p", "-e", "-J") : tmux("capture-pane", "-p", "-J");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tmux " + List.of(args) + " failed: " + out);
        }
        return "\n" + out;
    }

    private static List<String> nonEmptyLines(String screen) {
        return screen.lines()
                .map(String::stripTrailing)
                .filter(l -> !l.isEmpty())
                .toList();
    }

    private static List<Matcher> finished(List<String> lines) {
        List<Matcher> l = new ArrayList<>();
        for (String line : lines) {
            Matcher m = FINISHED.matcher(line);
            if (m.find() && !STATUS.matcher(line).matches()) {
                l.add(m);
            }
        }
        return l;
    }

    private static String countsText(List<Matcher> finished) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        finished.forEach(m -> counts.merge(Verdict.valueOf(m.group(4)), 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        counts.forEach((v, n) -> b.append(v.name()).append(' ').append(n).append("  "));
        return b.toString().strip();
    }

    private static void assertVerdictsMatchJournal(List<Matcher> finished, Path journal) {
        List<TestResult> results = Journal.read(journal).results();
        List<String> shown = finished.stream()
                .map(m -> m.group(3) + " " + m.group(4))
                .sorted()
                .toList();
        List<String> journalled = results.stream()
                .map(r -> r.instance() + " " + r.verdict())
                .sorted()
                .toList();
        assertThat(shown).isEqualTo(journalled);
    }
}
