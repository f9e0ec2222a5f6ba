package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xtfharness.cli.Captured.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;

/** Every output is checked before anything runs; bad values are usage errors, in words, never stack traces. */
class RunOutputsTest {

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

    @Test
    void journalAndJUnitOnOneFileAreRefusedBeforeAnythingRuns() {
        Path x = dir.resolve("x");

        Captured c = run("--journal", x.toString(), "--junit", x.toString());

        assertRefusedInWords(c, "--junit", "are one file");
        assertThat(x).doesNotExist();
    }

    @Test
    void resumedJournalAsTheHtmlReportIsRefusedAndTheJournalKept() throws Exception {
        Path journal = dir.resolve("run.jsonl");
        assertThat(run("--journal", journal.toString()).exit()).isEqualTo(Verdict.SUCCESS.exitCode());
        byte[] before = Files.readAllBytes(journal);

        Captured c = run("--resume", journal.toString(), "--html", journal.toString());

        assertRefusedInWords(c, "--html", "are one file");
        assertThat(Files.readAllBytes(journal)).isEqualTo(before);
        assertThat(Journal.read(journal).results()).hasSize(1);
    }

    @Test
    void aSymbolicLinkToTheJournalIsTheSameFile() throws Exception {
        Path journal = dir.resolve("run.jsonl");
        Path link = Files.createSymbolicLink(dir.resolve("link.xml"), journal.getFileName());
        Files.writeString(journal, "not mine to lose");

        Captured c = run("--resume", journal.toString(), "--junit", link.toString());

        assertRefusedInWords(c, "are one file");
        assertThat(journal).hasContent("not mine to lose");
    }

    @Test
    void jsonLinesInAMissingDirectoryIsAClearErrorBeforeTheRun() {
        Path journal = dir.resolve("run.jsonl");

        Captured c = run(
                "--journal",
                journal.toString(),
                "--json-lines",
                dir.resolve("nodir/x").toString());

        assertRefusedInWords(c, "nodir", "does not exist");
        assertThat(journal).as("refused before the journal is made").doesNotExist();
    }

    @Test
    void anEmptyJournalNameIsAClearError() {
        assertRefusedInWords(run("--journal", ""), "journal", "empty");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--timeout, 1e10",
        "--timeout, Infinity",
        "--timeout, NaN",
        "--timeout, 0",
        "--timeout-scale, 1e300",
        "--timeout-scale, Infinity",
        "--timeout-scale, 1e-300",
        "--timeout-scale, 0.001",
        "--timeout-scale, -1"
    })
    void aTimeoutNoDeadlineCanHoldIsAUsageError(String option, String value) {
        assertRefusedInWords(run("--journal", dir.resolve("j.jsonl").toString(), option, value), option + " takes");
        assertThat(dir.resolve("j.jsonl")).as("nothing ran").doesNotExist();
    }

    @Test
    void aReportThroughASymbolicLinkKeepsTheLink() throws Exception {
        Path real = dir.resolve("real.xml");
        Path link = Files.createSymbolicLink(dir.resolve("junit.xml"), real.getFileName());

        Captured c = run("--journal", dir.resolve("j.jsonl").toString(), "--junit", link.toString());

        assertThat(c.exit()).as(c.err()).isEqualTo(Verdict.SUCCESS.exitCode());
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("test-pv64-sim-success");
    }
}
