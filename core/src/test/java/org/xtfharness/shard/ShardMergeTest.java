package org.xtfharness.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.ExitPolicy;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/** Shards' journals merged back into the run they split, and every way they can fail to fit, refused. */
class ShardMergeTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    static Verdict verdictOf(String name) {
        return Verdict.values()[Math.floorMod(name.hashCode(), Verdict.values().length)];
    }

    static TestResult result(String name, Verdict v, int attempt) {
        Cause c = v == Verdict.CRASH ? Cause.DOMAIN_CRASHED : Cause.GUEST_REPORTED;
        return new TestResult(
                name,
                Outcome.of(v, c, v.name().toLowerCase(Locale.ROOT)),
                T0,
                Duration.ofMillis(1200),
                attempt,
                Evidence.none(List.of()));
    }

    /** Writes shard k of n of {@code names} as a run would, every instance finished with {@code verdict}. */
    Path shardJournal(String file, List<String> names, Shard s, Function<String, Verdict> verdict, int leaveOut) {
        List<String> mine = Sharding.split(names, s.total()).of(s);
        Journal.ShardRecord rec = new Journal.ShardRecord(
                s.index(), s.total(), Sharding.selectionDigest(names), names.size(), mine, Optional.of("4.17.3"));
        Path f = dir.resolve(file);
        try (Journal j = Journal.create(
                f, new Journal.Header("t", T0.plusSeconds(s.index()), "host" + s.index()).withShard(rec))) {
            for (String n : mine.subList(0, mine.size() - Math.min(leaveOut, mine.size()))) {
                j.append(result(n, verdict.apply(n), 1));
            }
        }
        return f;
    }

    @Test
    void mergingEveryShardGivesEveryInstanceItsVerdictAndTheWorstExitCodeWhateverTheOrder() {
        Random r = new Random(7);
        List<String> names = ShardingTest.generatedTree(11, 40);
        for (int n = 1; n <= 7; n++) {
            List<Path> files = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                files.add(shardJournal(
                        "n" + n + "-" + k + ".jsonl", names, new Shard(k, n), ShardMergeTest::verdictOf, 0));
            }
            Collections.shuffle(files, r);
            ShardMerge.Merged m = ShardMerge.merge(files);

            Map<String, Verdict> got = new HashMap<>();
            m.results().forEach(t -> got.put(t.instance(), t.verdict()));
            Map<String, Verdict> want = new HashMap<>();
            names.forEach(x -> want.put(x, verdictOf(x)));
            assertThat(got).isEqualTo(want);
            assertThat(m.notRun()).isEmpty();
            RunSummary s = m.summary("c", ExitPolicy.worstVerdict());
            Verdict worst = want.values().stream().reduce(Verdict.SUCCESS, Verdict::worst);
            assertThat(s.exitCode()).isEqualTo(worst.exitCode());
            assertThat(m.header("t").shard().orElseThrow().selection()).isEqualTo(Sharding.selectionDigest(names));
            assertThat(m.xenVersion()).contains("4.17.3");
        }
    }

    @Test
    void aMissingShardIsNamedWithTheOnesGiven() {
        List<String> names = ShardingTest.generatedTree(12, 30);
        Path a = shardJournal("a.jsonl", names, new Shard(1, 3), ShardMergeTest::verdictOf, 0);
        Path c = shardJournal("c.jsonl", names, new Shard(3, 3), ShardMergeTest::verdictOf, 0);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(c, a)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("shard 2/3 is missing")
                .hasMessageContaining("shard 1/3 (" + a + ")")
                .hasMessageContaining("shard 3/3 (" + c + ")");
    }

    @Test
    void aShardGivenTwiceIsNamed() throws Exception {
        List<String> names = ShardingTest.generatedTree(13, 30);
        Path a = shardJournal("a.jsonl", names, new Shard(1, 2), ShardMergeTest::verdictOf, 0);
        Path copy = dir.resolve("copy.jsonl");
        Files.copy(a, copy);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, copy)))
                .hasMessageContaining("journals " + a + " and " + copy + " are both shard 1/2");
        Path link = dir.resolve("link.jsonl");
        Files.createSymbolicLink(link, a);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, link))).hasMessageContaining("are one file");
    }

    @Test
    void shardsOfDifferentSelectionsAreRefusedNamingBoth() {
        List<String> names = ShardingTest.generatedTree(14, 30);
        List<String> fewer = names.subList(1, names.size());
        Path a = shardJournal("a.jsonl", names, new Shard(1, 2), ShardMergeTest::verdictOf, 0);
        Path b = shardJournal("b.jsonl", fewer, new Shard(2, 2), ShardMergeTest::verdictOf, 0);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, b)))
                .hasMessageContaining("journal " + b + " is shard 2/2 of a selection of " + fewer.size())
                .hasMessageContaining("journal " + a + " is shard 1/2 of a selection of " + names.size())
                .hasMessageContaining("not shards of one selection");
        Path c = shardJournal("c.jsonl", names, new Shard(2, 3), ShardMergeTest::verdictOf, 0);
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, c))).hasMessageContaining("not shards of one selection");
    }

    @Test
    void overlappingShardsSplitDifferentlyAreRefusedNamingTheInstance() {
        List<String> names = ShardingTest.generatedTree(15, 40);
        Map<String, Duration> d = new HashMap<>();
        names.forEach(x -> d.put(x, Duration.ofMillis(Math.floorMod(x.hashCode(), 5000))));
        Path a = shardJournal("a.jsonl", names, new Shard(1, 2), ShardMergeTest::verdictOf, 0);
        // Shard 2 split by duration: not the complement of shard 1 split by count.
        List<String> other = Sharding.split(names, 2, d).of(new Shard(2, 2));
        Path b = dir.resolve("b.jsonl");
        try (Journal j = Journal.create(
                b,
                new Journal.Header("t", T0, "h")
                        .withShard(new Journal.ShardRecord(
                                2, 2, Sharding.selectionDigest(names), names.size(), other, Optional.empty())))) {
            other.forEach(x -> j.append(result(x, Verdict.SUCCESS, 1)));
        }
        assertThatThrownBy(() -> ShardMerge.merge(List.of(a, b)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageMatching("(?s)(instance .* is in shard 1/2 .* and in shard 2/2 .*|the shards' instances .*)")
                .hasMessageContaining("split differently");
    }

    @Test
    void aWholeRunsJournalIsNotAShard() {
        Path whole = dir.resolve("whole.jsonl");
        try (Journal j = Journal.create(whole, new Journal.Header("t", T0, "h"))) {
            j.append(result("test-pv64-a", Verdict.SUCCESS, 1));
        }
        assertThatThrownBy(() -> ShardMerge.merge(List.of(whole))).hasMessageContaining(whole + " has no shard");
    }

    @Test
    void anUnfinishedShardLeavesItsRestNotRunAndTheMergeInterrupted() {
        List<String> names = ShardingTest.generatedTree(16, 30);
        Path a = shardJournal("a.jsonl", names, new Shard(1, 2), x -> Verdict.SUCCESS, 2);
        Path b = shardJournal("b.jsonl", names, new Shard(2, 2), x -> Verdict.SUCCESS, 0);
        ShardMerge.Merged m = ShardMerge.merge(List.of(a, b));
        assertThat(m.notRun()).hasSize(2);
        assertThat(m.notes()).anySatisfy(n -> assertThat(n).contains("shard 1/2 (" + a + ") did not finish 2"));
        assertThat(m.summary("c", ExitPolicy.worstVerdict()).exitCode()).isEqualTo(RunSummary.RUNNER_ERROR_EXIT);
    }

    @Test
    void retriesKeepTheirEarlierAttemptsAndAPassOnARetryIsFlaky() {
        List<String> names = List.of("test-pv64-a", "test-pv64-b");
        Path f = dir.resolve("one.jsonl");
        try (Journal j = Journal.create(
                f,
                new Journal.Header("t", T0, "h")
                        .withShard(new Journal.ShardRecord(
                                1, 1, Sharding.selectionDigest(names), 2, names, Optional.empty())))) {
            j.append(result("test-pv64-a", Verdict.CRASH, 1));
            j.append(result("test-pv64-a", Verdict.SUCCESS, 2));
            j.append(result("test-pv64-b", Verdict.SUCCESS, 1));
        }
        ShardMerge.Merged m = ShardMerge.merge(List.of(f));
        RunSummary s = m.summary("c", ExitPolicy.worstVerdict());
        assertThat(s.exitCode()).isZero();
        assertThat(s.assessment("test-pv64-a").orElseThrow().flaky()).isTrue();
        assertThat(s.assessment("test-pv64-a").orElseThrow().earlierAttempts()).hasSize(1);
        assertThat(s.assessment("test-pv64-b")).isEmpty();
        assertThat(m.attempts()).hasSize(3);
    }

    @Test
    void aResultOutsideItsShardIsRefused() {
        List<String> names = List.of("test-pv64-a", "test-pv64-b");
        Path f = dir.resolve("odd.jsonl");
        try (Journal j = Journal.create(
                f,
                new Journal.Header("t", T0, "h")
                        .withShard(new Journal.ShardRecord(
                                1, 2, Sharding.selectionDigest(names), 2, List.of("test-pv64-a"), Optional.empty())))) {
            j.append(result("test-pv64-b", Verdict.SUCCESS, 1));
        }
        Path g = dir.resolve("other.jsonl");
        try (Journal j = Journal.create(
                g,
                new Journal.Header("t", T0, "h")
                        .withShard(new Journal.ShardRecord(
                                2, 2, Sharding.selectionDigest(names), 2, List.of("test-pv64-b"), Optional.empty())))) {
            j.append(result("test-pv64-b", Verdict.SUCCESS, 1));
        }
        assertThatThrownBy(() -> ShardMerge.merge(List.of(f, g)))
                .hasMessageContaining("journal " + f + " (shard 1/2) has a result for test-pv64-b");
    }
}
