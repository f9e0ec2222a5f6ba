package org.xtfharness.osstest;

import java.util.Objects;
import org.xtfharness.report.TerminalText;

/**
 * The line format of the osstest event stream: a prefix, a version, a kind and fields separated by
 * single spaces, the last field free text in an escaped form that can never hold a line break or
 * be mistaken for another field. The grammar is in {@code osstest-adapter/README.md}.
 */
public final class OsstestEvents {

    /** First word of every event line; anything else on the stream is not an event. */
    public static final String PREFIX = "xtf-harness-event";
    /** The grammar's version. Fields of an existing kind never change within a version. */
    public static final int VERSION = 1;
    /** Stands in for an absent field (a notice about no instance, a verdict never reached). */
    public static final String NONE = "-";

    private OsstestEvents() {}

    /** One event line, without its line end: the prefix, the version, then the fields. */
    public static String line(String kind, String... fields) {
        StringBuilder b = new StringBuilder(PREFIX)
                .append(' ')
                .append(VERSION)
                .append(' ')
                .append(requireWord(kind));
        for (String f : fields) {
            b.append(' ').append(requireWord(f));
        }
        return b.toString();
    }

    /**
     * One event line whose last field is free text, first shown as every report shows it
     * ({@link TerminalText#printableLines}: a bidi override becomes a visible escape), then escaped by
     * {@link #escape}.
     */
    public static String lineWithText(String kind, String text, String... fields) {
        return line(kind, fields) + ' ' + escape(TerminalText.printableLines(text));
    }

    /**
     * Escapes free text for the last field: {@code \} becomes {@code \\}; line feed, carriage return
     * and tab become {@code \n}, {@code \r}, {@code \t}; any other control character (C0, DEL, C1)
     * becomes {@code \xHH}; U+2028 and U+2029, which some readers take as line breaks, become
     * {@code \u2028} and {@code \u2029}. Everything else, spaces included, is kept, UTF-8 encoded.
     */
    public static String escape(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        b.append(String.format("\\x%02x", c));
                    } else if (c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    /** Reverses {@link #escape}; refuses a malformed escape, naming where it is. */
    public static String unescape(String escaped) {
        StringBuilder b = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i + 1 >= escaped.length()) {
                throw new IllegalArgumentException("dangling backslash at the end of: " + escaped);
            }
            char e = escaped.charAt(++i);
            switch (e) {
                case '\\' -> b.append('\\');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'x' -> {
                    b.append((char) hex(escaped, i + 1, 2));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) hex(escaped, i + 1, 4));
                    i += 4;
                }
                default ->
                    throw new IllegalArgumentException("unknown escape \\" + e + " at " + (i - 1) + " in: " + escaped);
            }
        }
        return b.toString();
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            throw new IllegalArgumentException("truncated escape at " + (from - 2) + " in: " + s);
        }
        try {
            return Integer.parseInt(s.substring(from, from + digits), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad hex escape at " + (from - 2) + " in: " + s, e);
        }
    }

    private static String requireWord(String field) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("an event field is empty");
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "an event field must be printable ASCII without spaces: " + escape(field));
            }
        }
        return field;
    }
}
