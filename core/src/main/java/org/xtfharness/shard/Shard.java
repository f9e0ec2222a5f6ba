package org.xtfharness.shard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.report.TerminalText;

/**
 * One shard of a selection split {@code total} ways: shard {@code index} of {@code total}, counted
 * from 1, as {@code --shard K/N} is typed (and as GitLab's {@code CI_NODE_INDEX} counts).
 *
 * @param index which shard, 1 to {@code total}
 * @param total how many shards, 1 to {@link #MAX_TOTAL}
 */
public record Shard(int index, int total) {

    /** More shards than this is no CI's: a typo (or an overflow) rather than a plan. */
    public static final int MAX_TOTAL = 1000;

    private static final Pattern FORM = Pattern.compile("([0-9]+)/([0-9]+)");

    public Shard {
        if (total < 1 || total > MAX_TOTAL) {
            throw new ConfigurationException("a selection splits into 1 to " + MAX_TOTAL + " shards, not " + total);
        }
        if (index < 1 || index > total) {
            throw new ConfigurationException("shard " + index + "/" + total + " does not exist: shards of " + total
                    + " are numbered 1 to " + total);
        }
    }

    /** The whole selection as one shard. */
    public static Shard whole() {
        return new Shard(1, 1);
    }

    /**
     * Parses {@code K/N} as typed: decimal digits only, K from 1 to N.
     *
     * @throws ConfigurationException naming {@code what} (the option) and what is wrong with the text
     */
    public static Shard parse(String text, String what) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new ConfigurationException(
                    what + " takes K/N (shard K of N, from 1), e.g. 1/4, not '" + printable(text) + "'");
        }
        long k = number(m.group(1));
        long n = number(m.group(2));
        if (n < 1 || n > MAX_TOTAL) {
            throw new ConfigurationException(what + " " + printable(text) + ": a selection splits into 1 to "
                    + MAX_TOTAL + " shards, not " + m.group(2));
        }
        if (k < 1 || k > n) {
            throw new ConfigurationException(what + " " + printable(text) + ": shards of " + n + " are numbered 1 to "
                    + n + ", not " + m.group(1));
        }
        return new Shard((int) k, (int) n);
    }

    /** The digits' value, or {@link Long#MAX_VALUE} for more than any shard count. */
    private static long number(String digits) {
        String d = digits.replaceFirst("^0+(?=.)", "");
        return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
    }

    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return TerminalText.printable(shown);
    }

    /** As typed: {@code K/N}. */
    @Override
    public String toString() {
        return index + "/" + total;
    }
}
