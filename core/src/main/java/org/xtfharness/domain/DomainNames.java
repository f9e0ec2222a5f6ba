package org.xtfharness.domain;

import java.util.regex.Pattern;

/**
 * The domain names the harness will pass to xl and use in log file names.
 *
 * <p>XTF's names are {@code test-<env>-<name>[~<variation>]}. Anything outside a conservative
 * character set is refused up front, so a hostile name can never become a path outside the log
 * directory or an argument that xl reads as an option.
 */
public final class DomainNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.~+-]{0,63}");

    private DomainNames() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.contains("..");
    }

    /** Returns the name, or throws naming what is wrong with it. */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("not a usable domain name (letters, digits and _.~+- only, "
                    + "at most 64, not starting with punctuation, no '..'): " + printable(name));
        }
        return name;
    }

    /**
     * {@code s} quoted for an error message: control and format characters (newlines, escapes,
     * bidi overrides) written as hex escapes such as {@code \x0a}, quotes and backslashes escaped,
     * and at most 80 code points of it, so a hostile name can neither fake lines or quotes in the
     * message, nor drive the terminal, nor flood it.
     */
    public static String printable(String s) {
        return printable(s, 80);
    }

    /** {@link #printable(String)} with another bound, e.g. for paths, which are longer. */
    public static String printable(String s, int maxCodePoints) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(maxCodePoints).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
            } else if (c == '"' || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else {
                b.appendCodePoint(c);
            }
        });
        long total = s.codePoints().count();
        return b.append(total > maxCodePoints ? "\"... (" + total + " characters)" : "\"")
                .toString();
    }
}
