package org.xtfharness.report;

/**
 * Text from a guest, a host or a journal made safe for a terminal or a text file a person reads.
 * Control characters would move the cursor or recolour the terminal, and format characters such as
 * the bidi override U+202E would show one thing and mean another ("trojan source"): both are shown
 * as visible escapes instead (U+202E as a backslash, {@code u202e}).
 */
public final class TerminalText {

    private TerminalText() {}

    /**
     * {@code s} with C0 and C1 control characters (but tab) as {@code \xNN}, format characters (bidi
     * controls, zero-width characters, U+FEFF) and line or paragraph separators as a backslash, then
     * {@code u} and four hex digits, and lone surrogates, U+FFFE and U+FFFF as U+FFFD.
     */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
                b.append(String.format("\\x%02x", c));
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE || c == 0xFFFE || c == 0xFFFF) {
                b.append('\uFFFD');
            } else if (isInvisible(c)) {
                b.append(String.format(c > 0xFFFF ? "\\U%08x" : "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static boolean isInvisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
