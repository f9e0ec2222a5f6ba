package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.cli.Captured.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;
import org.xtfharness.testing.Fixtures;

/**
 * Issue 23's output findings, each as its reproduction: reports to the descriptors the process
 * holds ({@code /dev/stdout} behind {@code >> log} or a pipe), paths the kernel resolves
 * differently from their text, outputs that are the journal under another name, paths the
 * pre-run check missed, and one exit code in every report. The generated layouts are in
 * {@code OutputTargetPropertyTest}; these go through the CLI, some in a process of their own so
 * that its standard output really is a file opened for appending, or a pipe.
 */
class HostileOutputsTest {

    private static final String LOG = "an earlier line of the user's log\n".repeat(80);

    @TempDir
    Path dir;

    private Captured run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--simulate", "test-pv64-sim-success"));
        args.addAll(List.of(extra));
        return capture(() -> Main.execute(args.toArray(String[]::new)));
    }

    private static void assertRefusedInWords(Captured c, String... words) {
        assertThat(c.exit()).as(c.err()).isEqualTo(1);
        assertThat(c.err()).contains(words).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(c.out()).as("nothing ran").doesNotContain("Combined test results");
    }

    /** Every entry under the test's directory: name, and bytes or link text; compared before and after. */
    private Map<String, String> tree() throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String v = Files.isSymbolicLink(p)
                        ? "-> " + Files.readSymbolicLink(p)
                        : Files.isRegularFile(p) ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1) : "";
                m.put(dir.relativize(p).toString(), v);
            }
        }
        return m;
    }

    /** The CLI in a JVM of its own, its standard output and error appended to files as {@code >>} does. */
    private int runAppending(Path out, Path err, String... args) throws Exception {
        Process p = new ProcessBuilder(cli(args))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run ended").isTrue();
        return p.exitValue();
    }

    private static List<String> cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--simulate",
                "test-pv64-sim-success"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    // ---- 1. reports to the descriptors the process holds

    @Test
    void aJUnitReportToDevStdoutGoesToStandardOutputAsItIs() {
        Captured c = run("--journal", dir.resolve("j.jsonl").toString(), "--junit", "/dev/stdout");

        assertThat(c.exit()).as(c.err()).isEqualTo(Verdict.SUCCESS.exitCode());
        assertThat(c.out())
                .contains("Combined test results")
                .contains("<testsuite")
                .contains("test-pv64-sim-success");
    }

    @ParameterizedTest(name = "{0} {1} >> log")
    @CsvSource({
        "--junit, /dev/stdout, <testsuite",
        "--json-lines, /dev/stdout, \"type\":\"summary\"",
        "--xenrt-json, /proc/self/fd/1, xtf-harness-xenrt",
        "--html, /dev/fd/1, <html",
    })
    void aReportToStandardOutputIsAppendedToTheFileItIsRedirectedToNeverReplacingIt(
            String option, String path, String marker) throws Exception {
        Path log = dir.resolve("log.txt");
        Files.writeString(log, LOG);

        int exit = runAppending(
                log, dir.resolve("err.txt"), "--journal", dir.resolve("j.jsonl").toString(), option, path);

        String after = Files.readString(log);
        assertThat(exit).as(Files.readString(dir.resolve("err.txt"))).isZero();
        assertThat(after).startsWith(LOG).contains(marker).contains("Combined test results");
    }

    @Test
    void aReportToStandardErrorIsAppendedToTheFileItIsRedirectedTo() throws Exception {
        Path progress = dir.resolve("prog.txt");
        Files.writeString(progress, LOG);

        int exit = runAppending(
                dir.resolve("out.txt"),
                progress,
                "--journal",
                dir.resolve("j.jsonl").toString(),
                "--html",
                "/dev/stderr");

        assertThat(exit).isZero();
        assertThat(Files.readString(progress)).startsWith(LOG).contains("<html").contains("1 instance(s)");
    }

    @Test
    void aReportToStandardOutputGoesDownAPipeSoTeeWorks() throws Exception {
        Process p = new ProcessBuilder(cli("--journal", dir.resolve("j.jsonl").toString(), "--junit", "/dev/stdout"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start(); // its standard output is a pipe, as under `| cat`
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("<testsuite").contains("Combined test results");
    }

    @Test
    void theJournalAsStandardOutputIsRefusedAndKept() throws Exception {
        Path journal = dir.resolve("J.jsonl");
        assertThat(run("--journal", journal.toString()).exit()).isZero();
        byte[] before = Files.readAllBytes(journal);

        int exit = runAppending(journal, dir.resolve("err.txt"), "--resume", journal.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("err.txt")))
                .contains("standard output")
                .contains("are one file");
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
    }

    // ---- 2. paths resolved as the kernel resolves them

    @Test
    void aLinkWithDotDotInsideALinkedDirectoryWritesWhereTheKernelWouldNotALexicalNeighbour() throws Exception {
        Files.createDirectories(dir.resolve("real/reports"));
        Files.createSymbolicLink(dir.resolve("reports"), Path.of("real/reports"));
        Files.createSymbolicLink(dir.resolve("real/reports/junit.xml"), Path.of("../latest.xml"));
        Path lexical = Files.writeString(dir.resolve("latest.xml"), "the user's own latest.xml");

        Captured c = run("--journal", dir.resolve("j.jsonl").toString(), "--junit", dir + "/reports/junit.xml");

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(lexical).hasContent("the user's own latest.xml");
        assertThat(Files.readString(dir.resolve("real/latest.xml"))).contains("<testsuite");
    }

    @Test
    void dotDotAfterALinkToADeepDirectoryIsTheJournalAndIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("nz/a/b/real"));
        Files.createSymbolicLink(dir.resolve("dlink"), Path.of("nz/a/b/real"));
        Path journal = dir.resolve("nz/a/b/jj.jsonl");

        Captured c = run("--journal", journal.toString(), "--junit", dir + "/dlink/../jj.jsonl");

        assertRefusedInWords(c, "--junit", "are one file");
        assertThat(journal).doesNotExist();
    }

    // ---- 3. one file by identity

    @ParameterizedTest(name = "the journal as {0}")
    @ValueSource(strings = {"hard link", "symlink then ..", "/proc/self/root"})
    void theResumedJournalUnderAnotherNameIsRefusedAndKept(String alias) throws Exception {
        Path journal = dir.resolve("J.jsonl");
        assertThat(run("--journal", journal.toString()).exit()).isZero();
        Files.createDirectories(dir.resolve("sub/deeper"));
        Path other = switch (alias) {
            case "hard link" -> Files.createLink(dir.resolve("H.jsonl"), journal);
            case "symlink then .." -> {
                // lexically dir/J2.jsonl, which does not exist; the kernel reaches sub/J2.jsonl
                Files.createSymbolicLink(dir.resolve("s"), Path.of("sub/deeper"));
                Files.createLink(dir.resolve("sub/J2.jsonl"), journal);
                yield Path.of(dir + "/s/../J2.jsonl");
            }
            default -> Path.of("/proc/self/root" + journal);
        };
        byte[] before = Files.readAllBytes(journal);

        Captured c = run("--resume", journal.toString(), "--json-lines", other.toString());

        assertRefusedInWords(c, "--json-lines", "are one file");
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
        assertThat(Journal.read(journal).results()).hasSize(1);
    }

    @Test
    void twoReportsOnOneFileThroughAHardLinkAreRefused() throws Exception {
        Path a = Files.writeString(dir.resolve("a.xml"), "mine");
        Files.createLink(dir.resolve("b.html"), a);

        Captured c = run(
                "--journal",
                dir.resolve("j.jsonl").toString(),
                "--junit",
                a.toString(),
                "--html",
                dir.resolve("b.html").toString());

        assertRefusedInWords(c, "--junit", "--html", "are one file");
        assertThat(a).hasContent("mine");
    }

    // ---- 4. paths the pre-run check missed

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "--junit, /proc/x",
        "--junit, loop1",
        "--json-lines, loop1",
        "--html, dangling",
        "--xenrt-json, loop1/x",
    })
    void anOutputThatCannotBeWrittenIsRefusedBeforeTheFirstTestNamingItAndNothingIsWritten(String option, String name)
            throws Exception {
        Files.createSymbolicLink(dir.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(dir.resolve("loop2"), Path.of("loop1"));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("missing/dir/report.html"));
        Path journal = dir.resolve("j.jsonl");
        String path = name.startsWith("/") ? name : dir.resolve(name).toString();
        Map<String, String> before = tree();

        Captured c = run("--journal", journal.toString(), option, path);

        assertRefusedInWords(c, option, path);
        assertThat(c.err()).doesNotContain("null");
        assertThat(tree()).as("nothing written, not even the journal").isEqualTo(before);
    }

    // ---- 5. one exit code in every report

    @Test
    void aReportThatCannotBeWrittenMakesEveryReportAndTheSummarySayTheExitCodeTheProcessGives() throws Exception {
        Path full = dir.resolve("full");
        // a "disk full" device of the test's own making (as /dev/full), never the machine's
        boolean made = new ProcessBuilder("mknod", full.toString(), "c", "1", "7")
                        .start()
                        .waitFor()
                == 0;
        Fixtures.require(made, "mknod (making a device node needs root)");
        Path html = dir.resolve("r.html");
        Path xenrt = dir.resolve("x.json");

        Captured c = run(
                "--journal",
                dir.resolve("j.jsonl").toString(),
                "--junit",
                full.toString(),
                "--html",
                html.toString(),
                "--xenrt-json",
                xenrt.toString());

        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("JUnit report " + full).contains("No space left on device");
        assertThat(c.out()).contains("exit code 1").doesNotContain("exit code 0");
        assertThat(Files.readString(html)).contains("exit code 1").doesNotContain("exit code 0");
        assertThat(Files.readString(xenrt))
                .containsPattern("\"exitCode\"\\s*:\\s*1")
                .doesNotContainPattern("\"exitCode\"\\s*:\\s*0");
    }

    // ---- 6. baseline -o

    @ParameterizedTest(name = "baseline -o \"{0}\"")
    @ValueSource(strings = {"regfile/x", "", "loop1", "missing/x"})
    void aBaselineOutputThatCannotBeWrittenIsAClearError(String name) throws Exception {
        Path journal = dir.resolve("j.jsonl");
        assertThat(run("--journal", journal.toString()).exit()).isZero();
        Files.writeString(dir.resolve("regfile"), "a regular file");
        Files.createSymbolicLink(dir.resolve("loop1"), Path.of("loop1"));
        String path = name.isEmpty() ? "" : dir.resolve(name).toString();
        Map<String, String> before = tree();

        Captured c = capture(() -> Main.execute("baseline", "--from", journal.toString(), "-o", path));

        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err())
                .contains("-o")
                .doesNotContain("Exception")
                .doesNotContain("Index")
                .doesNotContain("\tat ");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aBaselineToDevStdoutIsPrinted() throws Exception {
        Path journal = dir.resolve("j.jsonl");
        assertThat(run("--journal", journal.toString()).exit()).isZero();

        Captured c = capture(() -> Main.execute("baseline", "--from", journal.toString(), "-o", "/dev/stdout"));

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("journal j.jsonl");
    }
}
