package org.xtfharness.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class JournalTest {

    private static final Journal.Header HEADER = new Journal.Header("0.1.0", SampleResults.START, "ssh://root@xenhost");

    @TempDir
    Path dir;

    @Test
    void readsBackTheHeaderAndEveryResultInOrder() {
        Path file = dir.resolve("run.journal");
        List<TestResult> results = SampleResults.everyVerdict();
        try (Journal j = Journal.create(file, HEADER)) {
            results.forEach(j::append);
        }

        Journal.Contents c = Journal.read(file);

        assertThat(c.header()).isEqualTo(HEADER);
        assertThat(c.results()).isEqualTo(results);
        assertThat(c.truncated()).isEmpty();
    }

    @Test
    void startsWithAHeaderLineNamingTheRun() throws IOException {
        Path file = dir.resolve("run.journal");
        Journal.create(file, HEADER).close();

        List<String> lines = Files.readAllLines(file);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .contains(
                        "\"harnessVersion\":\"0.1.0\"",
                        "\"started\":\"2024-05-01T10:00:00.123456789Z\"",
                        "\"host\":\"ssh://root@xenhost\"");
    }

    @Test
    void eachResultIsOneLineOnDiskWhenAppendReturns() throws IOException {
        Path file = dir.resolve("run.journal");
        try (Journal j = Journal.create(file, HEADER)) {
            j.append(SampleResults.everyVerdict().get(0));

            assertThat(Files.readAllLines(file)).hasSize(2);
        }
    }

    @Test
    void forcesEveryLineToDisk() throws IOException {
        Path file = dir.resolve("run.journal");
        FullDiskChannel[] channel = new FullDiskChannel[1];
        try (Journal j = Journal.create(file, HEADER, f -> channel[0] = new FullDiskChannel(open(f), 1 << 20))) {
            j.append(SampleResults.everyVerdict().get(0));
            j.append(SampleResults.everyVerdict().get(1));
        }

        assertThat(channel[0].forces).isEqualTo(3);
    }

    @Test
    void refusesToOverwriteAnExistingJournal() throws IOException {
        Path file = dir.resolve("run.journal");
        Files.writeString(file, "earlier run\n");

        assertThatThrownBy(() -> Journal.create(file, HEADER))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("already exists");
        assertThat(Files.readString(file)).isEqualTo("earlier run\n");
    }

    @Test
    void namesTheJournalWhenItsDirectoryIsMissing() {
        Path file = dir.resolve("no/such/dir/run.journal");

        assertThatThrownBy(() -> Journal.create(file, HEADER))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void fullDiskIsAnInfrastructureErrorNamingTheJournalAndLeavesNoPartialLine() throws IOException {
        Path file = dir.resolve("run.journal");
        FullDiskChannel[] channel = new FullDiskChannel[1];
        Journal j = Journal.create(file, HEADER, f -> channel[0] = new FullDiskChannel(open(f), 300));
        TestResult first = SampleResults.everyVerdict().get(0);

        assertThatThrownBy(() -> j.append(first))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("No space left on device");

        channel[0].grow(1 << 20);
        j.append(first);
        j.close();
        assertThat(Journal.read(file).results()).containsExactly(first);
    }

    @Test
    void refusesFurtherAppendsWhenAPartialLineCouldNotBeCutOff() throws IOException {
        Path file = dir.resolve("run.journal");
        FullDiskChannel[] channel = new FullDiskChannel[1];
        Journal j = Journal.create(file, HEADER, f -> channel[0] = new FullDiskChannel(open(f), 300));
        channel[0].truncateFails = true;
        TestResult first = SampleResults.everyVerdict().get(0);
        assertThatThrownBy(() -> j.append(first)).isInstanceOf(InfrastructureException.class);

        channel[0].grow(1 << 20);

        assertThatThrownBy(() -> j.append(first))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("unusable since an earlier write failed");
        j.close();
    }

    @Test
    void toleratesAndReportsATruncatedLastLine() throws IOException {
        Path file = dir.resolve("run.journal");
        List<TestResult> results = SampleResults.everyVerdict();
        try (Journal j = Journal.create(file, HEADER)) {
            j.append(results.get(0));
            j.append(results.get(1));
        }
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 40));

        Journal.Contents c = Journal.read(file);

        assertThat(c.results()).containsExactly(results.get(0));
        assertThat(c.truncated())
                .hasValueSatisfying(
                        note -> assertThat(note).contains(file.toString()).contains("line 3 is incomplete"));
    }

    @Test
    void keepsACompleteLastLineThatOnlyLacksItsLineEnd() throws IOException {
        Path file = dir.resolve("run.journal");
        TestResult r = SampleResults.everyVerdict().get(0);
        try (Journal j = Journal.create(file, HEADER)) {
            j.append(r);
        }
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 1));

        Journal.Contents c = Journal.read(file);

        assertThat(c.results()).containsExactly(r);
        assertThat(c.truncated()).isEmpty();
    }

    @Test
    void corruptLineInTheMiddleIsAnErrorNamingItsLineNumber() throws IOException {
        Path file = dir.resolve("run.journal");
        List<TestResult> results = SampleResults.everyVerdict();
        try (Journal j = Journal.create(file, HEADER)) {
            j.append(results.get(0));
            j.append(results.get(1));
        }
        List<String> lines = Files.readAllLines(file);
        lines.set(1, lines.get(1).substring(0, 30));
        Files.write(file, lines, StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Journal.read(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 2 is corrupt");
    }

    @Test
    void fileWithoutAHeaderIsRefused() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.journal"));
        Path other = Files.writeString(dir.resolve("other.journal"), "{\"instance\":\"x\"}\n");

        assertThatThrownBy(() -> Journal.read(empty))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no complete header");
        assertThatThrownBy(() -> Journal.read(other))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("line 1 is not a journal header");
    }

    @Test
    void resumedJournalAppendsAfterWhatItHeldAndForcesEachLine() throws IOException {
        Path file = dir.resolve("run.journal");
        List<TestResult> results = SampleResults.everyVerdict();
        try (Journal j = Journal.create(file, HEADER)) {
            j.append(results.get(0));
        }

        Journal.Resumed resumed = Journal.openForAppend(file, HEADER.host());
        try (Journal j = resumed.journal()) {
            j.append(results.get(1));
            assertThat(Files.readAllLines(file)).hasSize(3);
        }

        assertThat(resumed.earlier().results()).containsExactly(results.get(0));
        assertThat(Journal.read(file).results()).containsExactly(results.get(0), results.get(1));
        assertThat(Journal.read(file).header()).isEqualTo(HEADER);
    }

    @Test
    void resumeCutsOffATornLastLineBeforeAppending() throws IOException {
        Path file = dir.resolve("run.journal");
        List<TestResult> results = SampleResults.everyVerdict();
        try (Journal j = Journal.create(file, HEADER)) {
            j.append(results.get(0));
            j.append(results.get(1));
        }
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 40));

        Journal.Resumed resumed = Journal.openForAppend(file, HEADER.host());
        try (Journal j = resumed.journal()) {
            j.append(results.get(2));
        }

        assertThat(resumed.earlier().truncated())
                .hasValueSatisfying(n -> assertThat(n).contains("line 3 is incomplete"));
        Journal.Contents after = Journal.read(file);
        assertThat(after.results()).containsExactly(results.get(0), results.get(2));
        assertThat(after.truncated()).isEmpty();
    }

    @Test
    void resumeEndsACompleteLastLineBeforeAppending() throws IOException {
        Path file = dir.resolve("run.journal");
        List<TestResult> results = SampleResults.everyVerdict();
        try (Journal j = Journal.create(file, HEADER)) {
            j.append(results.get(0));
        }
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 1));

        try (Journal j = Journal.openForAppend(file, HEADER.host()).journal()) {
            j.append(results.get(1));
        }

        assertThat(Journal.read(file).results()).containsExactly(results.get(0), results.get(1));
    }

    @Test
    void resumeRefusesAJournalFromAnotherHostNamingTheFile() {
        Path file = dir.resolve("run.journal");
        Journal.create(file, HEADER).close();

        assertThatThrownBy(() -> Journal.openForAppend(file, "local"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("ssh://root@xenhost")
                .hasMessageContaining("local");
        assertThatThrownBy(() -> Journal.openForAppend(dir.resolve("missing.journal"), "local"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("missing.journal")
                .hasMessageContaining("does not exist");
    }

    @Test
    void secondResumeOfAJournalInUseIsRefusedNamingTheFile() {
        Path file = dir.resolve("run.journal");
        Journal.create(file, HEADER).close();

        try (Journal first = Journal.openForAppend(file, HEADER.host()).journal()) {
            assertThatThrownBy(() -> Journal.openForAppend(file, HEADER.host()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("in use by another run");
            first.append(SampleResults.everyVerdict().get(0));
        }
        try (Journal again = Journal.openForAppend(file, HEADER.host()).journal()) {
            again.append(SampleResults.everyVerdict().get(1));
        }

        assertThat(Journal.read(file).results()).hasSize(2);
    }

    @Test
    void resumeOfAJournalItsOwnRunStillWritesIsRefused() {
        Path file = dir.resolve("run.journal");
        try (Journal running = Journal.create(file, HEADER)) {
            assertThatThrownBy(() -> Journal.openForAppend(file, HEADER.host()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("in use by another run");
        }
    }

    @Test
    void runsStartedInTheSameSecondGetJournalsOfTheirOwn() {
        try (Journal a = Journal.createIn(dir, HEADER);
                Journal b = Journal.createIn(dir, HEADER);
                Journal c = Journal.createIn(dir, HEADER)) {
            assertThat(List.of(a.file(), b.file(), c.file()))
                    .doesNotHaveDuplicates()
                    .allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("xtf-harness-journal-"));
            assertThat(b.file().getFileName().toString()).endsWith("-2.jsonl");
        }
    }

    @Test
    void journalInAMissingDirectoryIsAConfigurationErrorNamingIt() {
        assertThatThrownBy(() -> Journal.createIn(dir.resolve("nodir"), HEADER))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("nodir")
                .hasMessageContaining("the directory does not exist");
    }

    @Test
    void finalResultsKeepTheLastAttemptOfEachInstance() {
        List<TestResult> results = SampleResults.everyVerdict();
        TestResult first = results.get(0);
        TestResult again = new TestResult(
                first.instance(), results.get(1).outcome(), first.started(), first.duration(), 2, first.evidence());
        Journal.Contents c = new Journal.Contents(HEADER, List.of(first, results.get(1), again), Optional.empty());

        assertThat(c.finalResults()).containsExactly(again, results.get(1));
    }

    private static FileChannel open(Path f) throws IOException {
        return FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Test
    void aShardRecordInTheHeaderReadsBackAndAHeaderWithoutOneStaysReadable(@TempDir Path tmp) throws Exception {
        Journal.ShardRecord rec = new Journal.ShardRecord(
                2, 3, "sha256:00", 5, List.of("test-pv64-a", "test-hvm64-b"), Optional.of("4.17.3"));
        Path sharded = tmp.resolve("sharded.jsonl");
        Journal.create(sharded, HEADER.withShard(rec)).close();
        assertThat(Journal.read(sharded).header().shard()).contains(rec);

        // A header as xtf-harness wrote it before shards: no "shard" key.
        Path old = tmp.resolve("old.jsonl");
        Files.writeString(
                old,
                "{\"type\":\"xtf-harness-journal\",\"format\":1,"
                        + "\"harnessVersion\":\"0.1.0\",\"started\":\"2024-05-01T10:00:00Z\",\"host\":\"local\"}\n");
        assertThat(Journal.read(old).header().shard()).isEmpty();

        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(
                bad,
                "{\"type\":\"xtf-harness-journal\",\"format\":1,"
                        + "\"harnessVersion\":\"0.1.0\",\"started\":\"2024-05-01T10:00:00Z\",\"host\":\"local\","
                        + "\"shard\":{\"index\":3,\"total\":2,\"selection\":\"x\",\"selected\":1,\"instances\":[]}}\n");
        assertThatThrownBy(() -> Journal.read(bad))
                .hasMessageContaining("line 1 is not a journal header")
                .hasMessageContaining("shard 3/2 does not exist");
    }
}
