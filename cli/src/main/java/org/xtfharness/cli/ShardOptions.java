package org.xtfharness.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;
import org.xtfharness.shard.Shard;
import org.xtfharness.shard.ShardEnvironment;
import org.xtfharness.shard.Sharding;
import picocli.CommandLine.Option;

/** {@code --shard K/N|auto} and {@code --shard-durations JOURNAL}, shared by {@code run} and {@code list}. */
final class ShardOptions {

    @Option(
            names = "--shard",
            paramLabel = "K/N|auto",
            description = "Run only shard K of the selection split N ways (K from 1): the same split on every "
                    + "machine with the same tree and selection. 'auto' takes it from GitLab's parallel: "
                    + "(CI_NODE_INDEX, CI_NODE_TOTAL) or Bazel's test sharding (TEST_SHARD_INDEX, "
                    + "TEST_TOTAL_SHARDS; TEST_SHARD_STATUS_FILE is touched). Merge the shards' journals with "
                    + "'xtf-harness merge'.")
    String shard;

    @Option(
            names = "--shard-durations",
            paramLabel = "JOURNAL",
            description = "Balance the shards by the durations in this earlier run's journal (a merged one "
                    + "too) instead of by count; instances it lacks count at its median. Every shard must "
                    + "be given the same journal.")
    Path durations;

    /** Which shard, and the durations to balance by, read before anything else happens. */
    record Resolved(Shard shard, Optional<Path> statusFile, Map<String, Duration> durations) {}

    /**
     * Parses {@code --shard} (from the environment for {@code auto}, saying which it used) and reads
     * the durations' journal; empty without {@code --shard}.
     *
     * @throws ConfigurationException naming what is wrong
     */
    Optional<Resolved> resolve(Map<String, String> env, PrintStream err) {
        if (shard == null) {
            if (durations != null) {
                throw new ConfigurationException(
                        "--shard-durations " + durations + " balances shards: give --shard too");
            }
            return Optional.empty();
        }
        Shard s;
        Optional<Path> status = Optional.empty();
        if (shard.toLowerCase(Locale.ROOT).equals("auto")) {
            ShardEnvironment.Detected d = ShardEnvironment.detect(env);
            err.println("xtf-harness: --shard auto: shard " + d.shard() + " from " + d.source());
            s = d.shard();
            status = d.statusFile();
        } else {
            s = Shard.parse(shard, "--shard");
        }
        Map<String, Duration> byName = new HashMap<>();
        if (durations != null) {
            Journal.Contents c = Journal.read(durations);
            c.truncated().ifPresent(note -> err.println("xtf-harness: " + note));
            c.finalResults().forEach(r -> byName.put(r.instance(), r.duration()));
        }
        return Optional.of(new Resolved(s, status, byName));
    }

    /**
     * This shard's instances of the selection, in the selection's order, and its journal record;
     * says on standard error what the shard holds.
     */
    static Cut cut(List<TestInstance> selected, Resolved r, PrintStream err) {
        List<String> names = selected.stream().map(TestInstance::name).toList();
        Sharding.Plan plan = Sharding.split(names, r.shard().total(), r.durations());
        List<String> mine = plan.of(r.shard());
        Set<String> set = new HashSet<>(mine);
        List<TestInstance> instances =
                selected.stream().filter(i -> set.contains(i.name())).toList();
        String digest = Sharding.selectionDigest(names);
        StringBuilder say = new StringBuilder("xtf-harness: shard " + r.shard() + ": " + instances.size() + " of "
                + selected.size() + " instance(s)");
        if (plan.byDuration()) {
            say.append(String.format(
                    Locale.ROOT,
                    ", expected %.1f s (slowest shard %.1f s) by the earlier run's durations",
                    plan.expected().get(r.shard().index() - 1) / 1000.0,
                    plan.largest() / 1000.0));
            if (plan.estimated() > 0) {
                say.append("; ").append(plan.estimated()).append(" instance(s) it lacks count at its median");
            }
        } else if (!r.durations().isEmpty()) {
            say.append(", by count: the durations' journal has none of this selection's instances");
        } else {
            say.append(", by count");
        }
        err.println(say);
        return new Cut(instances, mine, digest, selected.size());
    }

    /** One shard of a selection. */
    record Cut(List<TestInstance> instances, List<String> names, String selection, int selected) {

        Journal.ShardRecord record(Shard s, Optional<String> xenVersion) {
            return new Journal.ShardRecord(s.index(), s.total(), selection, selected, names, xenVersion);
        }
    }
}
