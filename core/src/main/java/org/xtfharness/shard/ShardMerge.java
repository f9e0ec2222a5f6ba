package org.xtfharness.shard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.ExitPolicy;
import org.xtfharness.run.Interruption;
import org.xtfharness.run.RunPlan;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Puts the journals of a selection's shards back together as one run: every shard once, all of
 * one selection, no instance in two, before anything is merged. The merged run's results are each
 * instance's last journalled attempt, in instance-name order; an instance its shard never finished
 * (the shard's run was interrupted) is not run, and the merged run is then interrupted too.
 */
public final class ShardMerge {

    private ShardMerge() {}

    /**
     * One shard's journal.
     *
     * @param file the journal
     * @param contents what it holds
     * @param shard its shard record
     */
    public record Piece(Path file, Journal.Contents contents, Journal.ShardRecord shard) {

        public Piece {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(contents, "contents");
            Objects.requireNonNull(shard, "shard");
        }

        String describe() {
            return "shard " + shard.describe() + " (" + file + ")";
        }
    }

    /**
     * The shards merged.
     *
     * @param pieces the shards' journals, shard 1 first
     * @param selection the selection's digest
     * @param attempts every journalled attempt, shard by shard, each in its journal's order
     * @param results each finished instance's last attempt, by instance name
     * @param notRun instances whose shard did not finish them, by name
     * @param notes things the user should know (a torn last line, an unfinished shard)
     */
    public record Merged(
            List<Piece> pieces,
            String selection,
            List<TestResult> attempts,
            List<TestResult> results,
            List<String> notRun,
            List<String> notes) {

        public Merged {
            pieces = List.copyOf(pieces);
            Objects.requireNonNull(selection, "selection");
            attempts = List.copyOf(attempts);
            results = List.copyOf(results);
            notRun = List.copyOf(notRun);
            notes = List.copyOf(notes);
        }

        /** Every instance of the selection, by name. */
        public List<String> instances() {
            List<String> all = new ArrayList<>();
            pieces.forEach(p -> all.addAll(p.shard().instances()));
            all.sort(Comparator.naturalOrder());
            return all;
        }

        /** Where the shards ran: their hosts, each once, in shard order. */
        public String host() {
            Set<String> hosts = new LinkedHashSet<>();
            pieces.forEach(p -> hosts.add(p.contents().header().host()));
            return String.join(", ", hosts);
        }

        /** When the first shard started. */
        public Instant started() {
            return pieces.stream()
                    .map(p -> p.contents().header().started())
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
        }

        /** The Xen version all shards ran on, when they all say the same one. */
        public Optional<String> xenVersion() {
            Set<Optional<String>> versions = new LinkedHashSet<>();
            pieces.forEach(p -> versions.add(p.shard().xenVersion()));
            return versions.size() == 1 ? versions.iterator().next() : Optional.empty();
        }

        /** From the first shard's start to the end of the last attempt of any. */
        public Duration span() {
            Instant end = started();
            for (TestResult r : attempts) {
                Instant e = r.started().plus(r.duration());
                if (e.isAfter(end)) {
                    end = e;
                }
            }
            return Duration.between(started(), end);
        }

        /** The header of the merged journal: the whole selection as its one shard. */
        public Journal.Header header(String harnessVersion) {
            List<String> all = instances();
            return new Journal.Header(harnessVersion, started(), host())
                    .withShard(new Journal.ShardRecord(1, 1, selection, all.size(), all, xenVersion()));
        }

        /**
         * The merged run as a run's summary, for the reporters and the exit code: retried instances
         * keep their earlier attempts (and are flaky when the last one passed), as in the run itself;
         * an unfinished shard makes the run interrupted (exit code 1).
         */
        public RunSummary summary(String console, ExitPolicy exitPolicy) {
            RunPlan plan = new RunPlan(List.of(), host(), console, 1, started());
            Optional<Interruption> interruption = notRun.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Interruption.aborted(notRun.size() + " instance(s) of the selection were not run: "
                            + "a shard's run was interrupted"));
            return new RunSummary(plan, results, notRun, span(), interruption, retries(), exitPolicy);
        }

        private Map<String, Assessment> retries() {
            Map<String, List<TestResult>> byInstance = new HashMap<>();
            attempts.forEach(a -> byInstance
                    .computeIfAbsent(a.instance(), k -> new ArrayList<>())
                    .add(a));
            Map<String, Assessment> m = new LinkedHashMap<>();
            for (TestResult last : results) {
                List<TestResult> all = byInstance.get(last.instance());
                // The attempts of the last run of it: a resumed run may have journalled an earlier series.
                List<TestResult> earlier = all.subList(0, all.size() - 1).stream()
                        .filter(a -> a.attempt() < last.attempt())
                        .toList();
                if (!earlier.isEmpty()) {
                    m.put(
                            last.instance(),
                            new Assessment(
                                    last.instance(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    earlier,
                                    last.verdict() == Verdict.SUCCESS));
                }
            }
            return m;
        }
    }

    /**
     * Reads and checks the shards' journals, then merges them.
     *
     * @throws ConfigurationException naming the file and shard that does not fit: a journal given
     *     twice, one without a shard record, shards of different selections or splits, a shard
     *     given twice or missing, an instance in two shards, a result outside its shard
     */
    public static Merged merge(List<Path> files) {
        if (files.isEmpty()) {
            throw new ConfigurationException("merge needs the journals of a selection's shards, one a shard");
        }
        for (int i = 0; i < files.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sameFile(files.get(i), files.get(j))) {
                    throw new ConfigurationException("journals " + files.get(j) + " and " + files.get(i)
                            + " are one file: give each shard's journal once");
                }
            }
        }
        List<Piece> pieces = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path f : files) {
            Journal.Contents c = Journal.read(f);
            c.truncated().ifPresent(notes::add);
            Journal.ShardRecord s = c.header()
                    .shard()
                    .orElseThrow(
                            () -> new ConfigurationException(
                                    "journal " + f + " has no shard in its header: it is "
                                            + "a whole run's (run without --shard, or by an xtf-harness before shards), not a shard's"));
            pieces.add(new Piece(f, c, s));
        }
        return merge(pieces, notes);
    }

    private static Merged merge(List<Piece> given, List<String> notes) {
        Piece first = given.get(0);
        for (Piece p : given) {
            Journal.ShardRecord a = first.shard();
            Journal.ShardRecord b = p.shard();
            if (a.total() != b.total() || !a.selection().equals(b.selection()) || a.selected() != b.selected()) {
                throw new ConfigurationException("journal " + p.file() + " is shard " + b.describe()
                        + " of a selection "
                        + "of " + b.selected() + " instance(s) (" + b.selection() + "), but journal " + first.file()
                        + " is shard " + a.describe() + " of a selection of " + a.selected() + " ("
                        + a.selection() + "): they are not shards of one selection");
            }
        }
        int total = first.shard().total();
        Map<Integer, Piece> byIndex = new TreeMap<>();
        for (Piece p : given) {
            Piece other = byIndex.putIfAbsent(p.shard().index(), p);
            if (other != null) {
                throw new ConfigurationException("journals " + other.file() + " and " + p.file() + " are both shard "
                        + p.shard().describe() + ": give each shard once");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int k = 1; k <= total; k++) {
            if (!byIndex.containsKey(k)) {
                missing.add(k + "/" + total);
            }
        }
        if (!missing.isEmpty()) {
            List<String> have = byIndex.values().stream().map(Piece::describe).toList();
            throw new ConfigurationException("shard" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " missing: given " + String.join(", ", have));
        }
        List<Piece> pieces = List.copyOf(byIndex.values());
        Map<String, Piece> owner = new HashMap<>();
        for (Piece p : pieces) {
            for (String name : p.shard().instances()) {
                Piece other = owner.putIfAbsent(name, p);
                if (other != null) {
                    throw new ConfigurationException("instance " + name + " is in " + other.describe() + " and in "
                            + p.describe() + ": the shards were split differently (another --shard-durations "
                            + "journal, or another tree)");
                }
            }
        }
        String union = Sharding.selectionDigest(owner.keySet());
        if (owner.size() != first.shard().selected()
                || !union.equals(first.shard().selection())) {
            throw new ConfigurationException("the shards' instances (" + owner.size() + ") do not make up their "
                    + "selection of " + first.shard().selected() + " ("
                    + first.shard().selection()
                    + "): the shards were split differently (another --shard-durations journal, or another tree)");
        }
        List<TestResult> attempts = new ArrayList<>();
        Map<String, TestResult> last = new TreeMap<>();
        for (Piece p : pieces) {
            for (TestResult r : p.contents().results()) {
                if (owner.get(r.instance()) != p) {
                    throw new ConfigurationException(
                            "journal " + p.file() + " (shard " + p.shard().describe() + ") has a result for "
                                    + r.instance() + ", which is not one of its shard's instances");
                }
                attempts.add(r);
                last.put(r.instance(), r);
            }
        }
        List<String> notRun = new ArrayList<>();
        for (Piece p : pieces) {
            long unfinished = p.shard().instances().stream()
                    .filter(n -> !last.containsKey(n))
                    .peek(notRun::add)
                    .count();
            if (unfinished > 0) {
                notes.add(p.describe() + " did not finish " + unfinished + " of its "
                        + p.shard().instances().size() + " instance(s) (its run was interrupted): they are "
                        + "reported as not run; resume that shard's run, then merge again");
            }
        }
        notRun.sort(Comparator.naturalOrder());
        return new Merged(pieces, first.shard().selection(), attempts, List.copyOf(last.values()), notRun, notes);
    }

    /** Whether two paths are one file, by identity (device and inode), as far as both exist. */
    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // unreadable: reading it says why, naming it
        }
    }
}
