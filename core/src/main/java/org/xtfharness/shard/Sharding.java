package org.xtfharness.shard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.xtfharness.error.ConfigurationException;

/**
 * Splits a selection into shards: the same split on every machine that has the same instance
 * names, whatever their order, the JVM, its hash seed or its locale.
 *
 * <p><b>How.</b> Every instance gets a key, the first 8 bytes of the SHA-256 of its name, and from
 * it one score per shard (the key and the shard's number mixed by SplitMix64's finaliser): its
 * rendezvous (highest-random-weight) preference order over the shards. Instances are placed one
 * at a time, heaviest first (by an earlier run's duration, or all alike when counting), then by
 * key; each goes to the shard it prefers most among those it still fits in under a capacity, or,
 * when it fits nowhere, to the least loaded shard. By count the capacity is
 * {@code ceil(n / N)}, so the largest shard has the fewest instances any split can give it. By
 * duration it is {@code max(ideal * (1 + }{@value #SLACK}{@code ), longest)}, where the ideal is
 * the total over N: a shard ends within that of the ideal unless the instances cannot be packed so
 * (a few long ones), and then it ends at most one instance past its fair share (the greedy
 * longest-first bound).
 *
 * <p><b>The trade-off.</b> Pure rendezvous hashing moves no other instance when one is added, but
 * balances only on average (by count, about ±{@code sqrt(n/N)} instances a shard), and a CI run
 * waits for its slowest shard. Plain longest-first packing balances best, but adding one instance
 * can reshuffle every shard. Capacity-bounded rendezvous keeps most of both: the largest shard is
 * as small as the capacity allows, and an added instance displaces only the few instances that
 * wanted the slot it took (measured in {@code ShardingTest} over generated trees of 1 000 to 4 000
 * instances and N from 1 to 7: adding one instance moves at most 8 others by count, at most 12 by
 * duration, where the capacity moves with the total). Balance is preferred where they conflict: a job
 * that waits for the slowest shard costs every run, a moved instance costs nothing (each shard job
 * starts from the same tree).
 */
public final class Sharding {

    /** How far above the ideal a shard may be filled by duration before instances look elsewhere. */
    public static final double SLACK = 0.02;

    /** The shortest weight an instance is given: an instance that took no time still takes a slot. */
    private static final long MIN_WEIGHT_MILLIS = 1;

    private Sharding() {}

    /**
     * A split of a selection.
     *
     * @param shards the instance names of each shard (shard 1 first), each in the order given
     * @param expected per shard, the sum of its instances' weights: durations in milliseconds when
     *     split by duration, instance counts otherwise
     * @param byDuration whether durations were used
     * @param estimated how many instances had no known duration and were weighted at the median of
     *     those that had one
     */
    public record Plan(List<List<String>> shards, List<Long> expected, boolean byDuration, int estimated) {

        public Plan {
            shards = shards.stream().map(List::copyOf).toList();
            expected = List.copyOf(expected);
            if (shards.size() != expected.size() || shards.isEmpty()) {
                throw new IllegalArgumentException("one expected load per shard, and at least one shard");
            }
        }

        /** The names of one shard. */
        public List<String> of(Shard shard) {
            if (shard.total() != shards.size()) {
                throw new IllegalArgumentException("shard " + shard + " of a plan of " + shards.size());
            }
            return shards.get(shard.index() - 1);
        }

        /** The largest expected load: what the slowest shard costs. */
        public long largest() {
            return expected.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    /**
     * Splits {@code names} into {@code total} shards by count.
     *
     * @throws IllegalArgumentException if a name repeats
     * @throws ConfigurationException if {@code total} is not 1 to {@link Shard#MAX_TOTAL}
     */
    public static Plan split(Collection<String> names, int total) {
        return split(names, total, Map.of());
    }

    /**
     * Splits {@code names} into {@code total} shards, by duration when {@code durations} knows any of
     * them (the others are weighted at the median of those it knows), else by count.
     *
     * @throws IllegalArgumentException if a name repeats
     * @throws ConfigurationException if {@code total} is not 1 to {@link Shard#MAX_TOTAL}
     */
    public static Plan split(Collection<String> names, int total, Map<String, Duration> durations) {
        Objects.requireNonNull(durations, "durations");
        new Shard(1, total); // validates total
        List<String> given = List.copyOf(names);
        Set<String> seen = new HashSet<>();
        for (String n : given) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("instance " + n + " is given twice");
            }
        }
        int n = given.size();
        long[] weight = new long[n];
        long median = median(given, durations);
        boolean byDuration = median > 0;
        int estimated = 0;
        for (int i = 0; i < n; i++) {
            Duration d = durations.get(given.get(i));
            if (!byDuration) {
                weight[i] = 1;
            } else if (d == null) {
                weight[i] = median;
                estimated++;
            } else {
                weight[i] = Math.max(MIN_WEIGHT_MILLIS, d.toMillis());
            }
        }
        long[] key = new long[n];
        MessageDigest md = sha256();
        for (int i = 0; i < n; i++) {
            key[i] = key(md, given.get(i));
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(
                order,
                Comparator.<Integer>comparingLong(i -> -weight[i])
                        .thenComparing(i -> key[i], Long::compareUnsigned)
                        .thenComparing(given::get));
        long sum = Arrays.stream(weight).sum();
        long longest = Arrays.stream(weight).max().orElse(0);
        long capacity =
                byDuration ? Math.max((long) Math.ceil(sum * (1 + SLACK) / total), longest) : (n + total - 1) / total;
        long[] load = new long[total];
        int[] shardOf = new int[n];
        long[] score = new long[total];
        for (int i : order) {
            scores(key[i], score);
            // The shard it prefers most among those it fits in; else the least loaded, ties by preference.
            int chosen = -1;
            for (int s = 0; s < total; s++) {
                if (load[s] + weight[i] <= capacity && (chosen < 0 || prefers(score, s, chosen))) {
                    chosen = s;
                }
            }
            if (chosen < 0) {
                chosen = 0;
                for (int s = 1; s < total; s++) {
                    if (load[s] < load[chosen] || load[s] == load[chosen] && prefers(score, s, chosen)) {
                        chosen = s;
                    }
                }
            }
            load[chosen] += weight[i];
            shardOf[i] = chosen;
        }
        List<List<String>> shards = new ArrayList<>();
        for (int s = 0; s < total; s++) {
            shards.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            shards.get(shardOf[i]).add(given.get(i));
        }
        return new Plan(shards, Arrays.stream(load).boxed().toList(), byDuration, byDuration ? estimated : 0);
    }

    /**
     * The items of one shard, in the order given: a selection's instances, split by their names.
     */
    public static <T> List<T> select(
            List<T> items, Function<T, String> name, Shard shard, Map<String, Duration> durations) {
        List<String> names = items.stream().map(name).toList();
        Set<String> mine = new HashSet<>(split(names, shard.total(), durations).of(shard));
        return items.stream().filter(i -> mine.contains(name.apply(i))).toList();
    }

    /**
     * Names a selection: {@code sha256:} and the hex SHA-256 of its instance names, sorted by their
     * UTF-16 code units and each ended by a newline. Shards of one selection carry the same digest.
     */
    public static String selectionDigest(Collection<String> names) {
        MessageDigest md = sha256();
        for (String n : new TreeSet<>(names)) {
            md.update((n + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** The median of the known durations among {@code names}, in milliseconds; 0 when none is known. */
    private static long median(List<String> names, Map<String, Duration> durations) {
        long[] known = names.stream()
                .map(durations::get)
                .filter(Objects::nonNull)
                .mapToLong(d -> Math.max(MIN_WEIGHT_MILLIS, d.toMillis()))
                .sorted()
                .toArray();
        return known.length == 0 ? 0 : known[known.length / 2];
    }

    /** Each shard's (from 0) rendezvous score for this key. */
    private static void scores(long key, long[] score) {
        for (int j = 0; j < score.length; j++) {
            score[j] = mix(key ^ mix(j + 1L));
        }
    }

    /** Whether shard {@code a} is preferred to {@code b}: a higher score, or an equal one and a lower number. */
    private static boolean prefers(long[] score, int a, int b) {
        int c = Long.compareUnsigned(score[a], score[b]);
        return c > 0 || c == 0 && a < b;
    }

    /** The first 8 bytes of the SHA-256 of the name's UTF-8, big-endian. */
    static long key(MessageDigest md, String name) {
        byte[] d = md.digest(name.getBytes(StandardCharsets.UTF_8));
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (d[i] & 0xff);
        }
        return k;
    }

    /** SplitMix64's finaliser: a fixed, well-spread mix of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
