package org.xtfharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.xtfharness.cli.Captured.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.TestResult;
import org.xtfharness.sim.SimulatedCatalogue;

/**
 * {@code run --shard}, {@code list --shard} and {@code merge} through the command line on the
 * simulated host: the shards merged give the unsharded run's verdicts and exit code, and hostile
 * shards or journals that do not fit are refused with nothing written.
 */
class ShardedRunTest {

    @TempDir
    Path dir;

    private Captured cli(String... args) {
        return capture(() -> Main.execute(args));
    }

    private Captured run(String journal, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--simulate",
                "--all",
                "--non-default",
                "--no-progress",
                "--journal",
                dir.resolve(journal).toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    private static Map<String, Verdict> verdicts(Path journal) {
        Map<String, Verdict> m = new HashMap<>();
        Journal.read(journal).finalResults().forEach(r -> m.put(r.instance(), r.verdict()));
        return m;
    }

    private Set<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> names = new HashSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        }
    }

    @Test
    void twoShardsMergedGiveTheUnshardedRunsVerdictsAndExitCode() throws Exception {
        Captured whole = run("whole.jsonl");
        Captured one = run("s1.jsonl", "--shard", "1/2");
        Captured two = run("s2.jsonl", "--shard", "2/2");
        assertThat(one.err()).contains("shard 1/2: ").contains(" of 23 instance(s), by count");

        Captured merged = cli(
                "merge",
                dir.resolve("s2.jsonl").toString(),
                dir.resolve("s1.jsonl").toString(),
                "--journal",
                dir.resolve("merged.jsonl").toString(),
                "--junit",
                dir.resolve("junit.xml").toString(),
                "--html",
                dir.resolve("report.html").toString(),
                "--json-lines",
                dir.resolve("results.jsonl").toString());

        Map<String, Verdict> expected = verdicts(dir.resolve("whole.jsonl"));
        assertThat(expected)
                .hasSize(SimulatedCatalogue.standard().catalogue().instances().size());
        assertThat(verdicts(dir.resolve("merged.jsonl"))).isEqualTo(expected);
        assertThat(merged.exit()).isEqualTo(whole.exit()).isEqualTo(Verdict.CRASH.exitCode());
        assertThat(Math.max(one.exit(), two.exit())).isEqualTo(whole.exit());
        assertThat(merged.out()).contains("Combined test results:").contains("exit code 6");
        String junit = Files.readString(dir.resolve("junit.xml"));
        for (String name : expected.keySet()) {
            assertThat(junit).contains("name=\"" + name + "\"");
        }
        assertThat(Files.readString(dir.resolve("report.html"))).contains("test-pv64-sim-hang");
        assertThat(Files.readAllLines(dir.resolve("results.jsonl"))).hasSizeGreaterThanOrEqualTo(expected.size());
        Journal.ShardRecord rec =
                Journal.read(dir.resolve("merged.jsonl")).header().shard().orElseThrow();
        assertThat(rec.describe()).isEqualTo("1/1");
        assertThat(rec.instances()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(Journal.read(dir.resolve("merged.jsonl")).header().host())
                .isEqualTo(Journal.read(dir.resolve("s1.jsonl")).header().host());

        // A merged journal is a whole run's for baseline and compare: no change against the unsharded run.
        Captured compared = cli(
                "merge",
                dir.resolve("s1.jsonl").toString(),
                dir.resolve("s2.jsonl").toString(),
                "--compare",
                dir.resolve("whole.jsonl").toString(),
                "--exit-on",
                "regressions");
        assertThat(compared.exit()).isZero();
        Captured tolerated = cli(
                "baseline",
                "--from",
                dir.resolve("whole.jsonl").toString(),
                "-o",
                dir.resolve("b").toString());
        assertThat(tolerated.exit()).isZero();
        Captured withBaseline = cli(
                "merge",
                dir.resolve("s1.jsonl").toString(),
                dir.resolve("s2.jsonl").toString(),
                "--baseline",
                dir.resolve("b").toString(),
                "--format",
                "tap");
        assertThat(withBaseline.exit()).isZero();
        assertThat(withBaseline.out()).startsWith("TAP version 14").contains("1.." + expected.size());
    }

    @Test
    void threeShardsByTheDurationsOfAnEarlierRunCoverTheSelectionOnce() {
        run("whole.jsonl");
        List<String> all = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Captured c = cli(
                    "list",
                    "--simulate",
                    "--all",
                    "--non-default",
                    "--shard",
                    k + "/3",
                    "--shard-durations",
                    dir.resolve("whole.jsonl").toString());
            assertThat(c.exit()).isZero();
            assertThat(c.err()).contains("by the earlier run's durations");
            all.addAll(c.out().lines().toList());
        }
        assertThat(all)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(SimulatedCatalogue.standard().catalogue().instances().stream()
                        .map(i -> i.name())
                        .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/0", "3/2", "-1/2", "1/999999999", "abc", "1/", "auto"})
    void aHostileShardIsRefusedBeforeAnythingIsWritten(String shard) throws Exception {
        // "auto" has nothing to go by: the test JVM runs under neither GitLab nor Bazel.
        assumeTrue(
                !shard.equals("auto")
                        || System.getenv("CI_NODE_TOTAL") == null && System.getenv("TEST_TOTAL_SHARDS") == null,
                "this machine is a GitLab or Bazel shard itself");
        Captured c = run(
                "j.jsonl",
                "--shard=" + shard,
                "--junit",
                dir.resolve("junit.xml").toString());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("configuration error: --shard");
        assertThat(files()).isEmpty();
        Captured l = cli("list", "--simulate", "--shard=" + shard);
        assertThat(l.exit()).isEqualTo(1);
        assertThat(l.out()).isEmpty();
    }

    @Test
    void journalsThatDoNotFitAreRefusedNamingWhichAndNothingIsWritten() throws Exception {
        run("whole.jsonl");
        run("a1.jsonl", "--shard", "1/2");
        run(
                "b2.jsonl",
                "--shard",
                "2/2",
                "--shard-durations",
                dir.resolve("whole.jsonl").toString());
        run("c1.jsonl", "--shard", "1/3");
        run("d2.jsonl", "--shard", "2/2", "pv64");
        Set<String> before = files();
        String[][] cases = {
            {"a1.jsonl", "shard 2/2 is missing: given shard 1/2 (" + dir.resolve("a1.jsonl") + ")"},
            {"a1.jsonl", "c1.jsonl", "is shard 1/3 of a selection of 23"},
            {"a1.jsonl", "d2.jsonl", "not shards of one selection"},
            {"a1.jsonl", "b2.jsonl", "split differently"},
            {"a1.jsonl", "a1.jsonl", "are one file"},
            {"a1.jsonl", "whole.jsonl", "whole.jsonl has no shard"},
            {"a1.jsonl", "nonexistent.jsonl", "nonexistent.jsonl does not exist"},
        };
        for (String[] k : cases) {
            List<String> args = new ArrayList<>(List.of("merge"));
            for (int i = 0; i < k.length - 1; i++) {
                args.add(dir.resolve(k[i]).toString());
            }
            args.addAll(List.of(
                    "--journal",
                    dir.resolve("m.jsonl").toString(),
                    "--junit",
                    dir.resolve("m.xml").toString()));
            Captured c = cli(args.toArray(String[]::new));
            assertThat(c.exit()).as(String.join(" ", k)).isEqualTo(1);
            assertThat(c.err())
                    .as(String.join(" ", k))
                    .contains("configuration error")
                    .contains(k[k.length - 1]);
            assertThat(files())
                    .as("nothing written by merge %s", String.join(" ", k))
                    .isEqualTo(before);
        }
    }

    @Test
    void anOutputThatIsAJournalBeingMergedIsRefused() throws Exception {
        run("a1.jsonl", "--shard", "1/2");
        run("a2.jsonl", "--shard", "2/2");
        byte[] before = Files.readAllBytes(dir.resolve("a1.jsonl"));
        Files.createSymbolicLink(dir.resolve("alias.xml"), dir.resolve("a1.jsonl"));
        for (String[] out : new String[][] {
            {"--junit", "a1.jsonl"}, {"--html", "alias.xml"}, {"--journal", "a2.jsonl"}, {"--junit", "x", "--html", "x"}
        }) {
            List<String> args = new ArrayList<>(List.of(
                    "merge",
                    dir.resolve("a1.jsonl").toString(),
                    dir.resolve("a2.jsonl").toString()));
            for (int i = 0; i < out.length; i += 2) {
                args.add(out[i]);
                args.add(dir.resolve(out[i + 1]).toString());
            }
            Captured c = cli(args.toArray(String[]::new));
            assertThat(c.exit()).as(String.join(" ", out)).isEqualTo(1);
            assertThat(c.err()).as(String.join(" ", out)).contains("configuration error");
        }
        assertThat(Files.readAllBytes(dir.resolve("a1.jsonl"))).isEqualTo(before);
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void aShardsJournalResumesOnlyAsThatShard() {
        run("a1.jsonl", "--shard", "1/2");
        Captured c = cli(
                "run",
                "--simulate",
                "--all",
                "--non-default",
                "--no-progress",
                "--resume",
                dir.resolve("a1.jsonl").toString(),
                "--shard",
                "2/2");
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("holds shard 1/2").contains("this run is shard 2/2");
        Captured whole = cli(
                "run",
                "--simulate",
                "--all",
                "--non-default",
                "--no-progress",
                "--resume",
                dir.resolve("a1.jsonl").toString());
        assertThat(whole.exit()).isEqualTo(1);
        assertThat(whole.err()).contains("this run is a whole selection");
        Captured same = cli(
                "run",
                "--simulate",
                "--all",
                "--non-default",
                "--no-progress",
                "--resume",
                dir.resolve("a1.jsonl").toString(),
                "--shard",
                "1/2");
        assertThat(same.err()).contains("already finished, not re-run");
        List<TestResult> results = Journal.read(dir.resolve("a1.jsonl")).results();
        assertThat(results.stream().map(TestResult::instance)).doesNotHaveDuplicates();
    }
}
