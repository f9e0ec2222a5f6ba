package org.xtfharness.report;

/**
 * Text from a guest, a host or a journal made safe for a terminal or any report a person reads.
 * Control characters would move the cursor or recolour the terminal, and format characters such as
 * the bidi override U+202E would show one thing and mean another ("trojan source"): both are shown
 * as visible escapes instead (U+202E as a backslash, {@code u202e}). Every reporter (text summary,
 * {@code show}, HTML, TAP, JUnit, the osstest events, XenRT JSON) shows a guest's text through this
 * one class, so the same input reads the same everywhere.
 */
public final class TerminalText {

    private TerminalText() {}

    /**
     * {@code s} with C0 and C1 control characters (but tab) as {@code \xNN}, format characters (bidi
     * controls, zero-width characters, U+FEFF) and line or paragraph separators as a backslash, then
     * {@code u} and four hex digits, and lone surrogates, U+FFFE and U+FFFF as U+FFFD.
     */
    public static String printable(String s) {
        return escaped(s, false);
    }

    /**
     * As {@link #printable} but a line feed is kept, for multi-line text (a console excerpt, details)
     * in a report whose format carries line breaks itself; a carriage return is still escaped.
     */
    public static String printableLines(String s) {
        return escaped(s, true);
    }

    /**
     * Whether {@link #printable} would change the code point {@code c}: a control character other
     * than tab, a format character, a line or paragraph separator, a surrogate, U+FFFE or U+FFFF.
     */
    public static boolean isHidden(int c) {
        return c != '\t' && (isControl(c) || isReplaced(c) || isInvisible(c));
    }

    /**
     * The visible form of one code point for which {@link #isHidden} holds: a backslash, then
     * {@code x} and two hex digits for a control character, {@code u} and four or {@code U} and eight
     * for a format character or separator; U+FFFD for what is not a character. These escapes are
     * also valid in a YAML double-quoted scalar, where they must be escaped once more to stay visible.
     */
    public static String escape(int c) {
        if (isControl(c)) {
            return String.format("\\x%02x", c);
        }
        if (isReplaced(c)) {
            return "\uFFFD";
        }
        return String.format(c > 0xFFFF ? "\\U%08x" : "\\u%04x", c);
    }

    private static String escaped(String s, boolean keepLineFeeds) {
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (isHidden(c) && !(keepLineFeeds && c == '\n')) {
                break;
            }
            i += Character.charCount(c);
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        s.substring(i).codePoints().forEach(c -> {
            if (isHidden(c) && !(keepLineFeeds && c == '\n')) {
                b.append(escape(c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f;
    }

    private static boolean isReplaced(int c) {
        return c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE || c == 0xFFFE || c == 0xFFFF;
    }

    private static boolean isInvisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
