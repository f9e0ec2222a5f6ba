package org.xtfharness.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xtfharness.domain.XenVersion;

/**
 * A set of Xen versions, as a baseline rule's {@code xen=} writes it: comma-separated ranges, each
 * {@code 4.17} (every 4.17.x), {@code 4.15..4.17} (inclusive at both ends, each end as precise as
 * it is written), {@code 4.16..} or {@code ..4.17}. A host version is compared on its leading
 * numbers only: {@code 4.18-unstable} and {@code 4.17.0-simulated} are 4.18 and 4.17.0.
 *
 * @param text the ranges as written
 * @param ranges the parsed ranges; a version in any of them is in the set
 */
public record XenVersions(String text, List<Range> ranges) {

    private static final Pattern BOUND = Pattern.compile("\\d+(?:\\.\\d+)*");

    /**
     * One range; an absent end is open.
     *
     * @param from the lowest version included, as numbers
     * @param to the highest version included, as numbers
     */
    public record Range(Optional<List<Integer>> from, Optional<List<Integer>> to) {
        public Range {
            from = from.map(List::copyOf);
            to = to.map(List::copyOf);
            if (from.isPresent() && to.isPresent() && reversed(from.get(), to.get())) {
                throw new IllegalArgumentException("the range " + dotted(from.get()) + ".." + dotted(to.get())
                        + " is reversed and holds no version (write " + dotted(to.get()) + ".." + dotted(from.get())
                        + ")");
            }
        }

        /** Reversed when the ends differ, on their common precision, the wrong way: 4.17..4.15, not 4.17.3..4.17. */
        private static boolean reversed(List<Integer> from, List<Integer> to) {
            for (int i = 0; i < Math.min(from.size(), to.size()); i++) {
                int c = Integer.compare(from.get(i), to.get(i));
                if (c != 0) {
                    return c > 0;
                }
            }
            return false;
        }

        private static String dotted(List<Integer> v) {
            return String.join(".", v.stream().map(String::valueOf).toList());
        }

        boolean contains(List<Integer> v) {
            return from.map(f -> compare(v, f) >= 0).orElse(true)
                    && to.map(t -> compare(v, t) <= 0).orElse(true);
        }
    }

    public XenVersions {
        Objects.requireNonNull(text, "text");
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no version range");
        }
    }

    /**
     * Parses {@code xen=}'s value.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static XenVersions parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            int dots = p.indexOf("..");
            if (dots < 0) {
                List<Integer> v = bound(p, text);
                ranges.add(new Range(Optional.of(v), Optional.of(v)));
            } else {
                String lo = p.substring(0, dots);
                String hi = p.substring(dots + 2);
                if (lo.isEmpty() && hi.isEmpty()) {
                    throw new IllegalArgumentException("'..' needs at least one end in Xen versions '" + text + "'");
                }
                ranges.add(new Range(
                        lo.isEmpty() ? Optional.empty() : Optional.of(bound(lo, text)),
                        hi.isEmpty() ? Optional.empty() : Optional.of(bound(hi, text))));
            }
        }
        return new XenVersions(text, ranges);
    }

    /** True when the host's {@code xen_version} is in this set; false when it has no leading number. */
    public boolean contains(String xenVersion) {
        return XenVersion.parse(xenVersion)
                .map(v -> ranges.stream().anyMatch(r -> r.contains(v.numbers())))
                .orElse(false);
    }

    private static List<Integer> bound(String s, String whole) {
        if (!BOUND.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a Xen version such as 4.17 or 4.17.3 in '" + whole
                    + "' (ranges: 4.17, 4.15..4.17, 4.16.., ..4.17, comma-separated)");
        }
        return numbers(s);
    }

    private static List<Integer> numbers(String s) {
        List<Integer> out = new ArrayList<>();
        for (String n : s.split("\\.")) {
            try {
                out.add(Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("version number '" + n + "' is too large");
            }
        }
        return out;
    }

    /** Compares a version with a bound on the bound's precision: 4.17.3 equals the bound 4.17. */
    private static int compare(List<Integer> version, List<Integer> bound) {
        for (int i = 0; i < bound.size(); i++) {
            int v = i < version.size() ? version.get(i) : 0;
            int c = Integer.compare(v, bound.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
