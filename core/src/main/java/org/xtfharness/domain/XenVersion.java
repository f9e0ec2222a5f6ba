package org.xtfharness.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Xen version as {@code xl info} reports it ({@code xen_version}: {@code 4.17.0},
 * {@code 4.17.3-pre}, {@code 4.18-unstable}, {@code 4.17.0-simulated}), known by its leading
 * numbers: what Xen can do is decided here and nowhere else.
 *
 * @param numbers the leading numbers, e.g. {@code [4, 17, 3]}; at least one
 * @param text the version as reported
 */
public record XenVersion(List<Integer> numbers, String text) implements Comparable<XenVersion> {

    private static final Pattern LEADING_NUMBERS = Pattern.compile("^(\\d+(?:\\.\\d+)*)");

    public XenVersion {
        numbers = List.copyOf(numbers);
        Objects.requireNonNull(text, "text");
        if (numbers.isEmpty() || numbers.stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("a Xen version needs non-negative leading numbers: " + numbers);
        }
    }

    /** The version a {@code xen_version} text names; empty when it does not start with a number. */
    public static Optional<XenVersion> parse(String text) {
        String t = text.strip();
        Matcher m = LEADING_NUMBERS.matcher(t);
        if (!m.find()) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String n : m.group(1).split("\\.")) {
            try {
                numbers.add(Integer.parseInt(n));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
        }
        return Optional.of(new XenVersion(numbers, t));
    }

    /** The first number. */
    public int major() {
        return numbers.get(0);
    }

    /** The second number; 0 when there is none. */
    public int minor() {
        return numbers.size() > 1 ? numbers.get(1) : 0;
    }

    /** {@code major.minor}, e.g. {@code 4.17}: how Debian names its Xen directories. */
    public String majorMinor() {
        return major() + "." + minor();
    }

    /** Whether xenconsole has {@code --start-notify-fd}, which came with Xen 4.8. */
    public boolean hasStartNotifyFd() {
        return major() > 4 || (major() == 4 && minor() >= 8);
    }

    /** Numerically, a missing number counting as 0: 4.17 equals 4.17.0 and is below 4.17.3. */
    @Override
    public int compareTo(XenVersion other) {
        for (int i = 0; i < Math.max(numbers.size(), other.numbers.size()); i++) {
            int c = Integer.compare(
                    i < numbers.size() ? numbers.get(i) : 0, i < other.numbers.size() ? other.numbers.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
