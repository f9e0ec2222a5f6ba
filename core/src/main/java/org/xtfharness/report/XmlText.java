package org.xtfharness.report;

/** Makes any Java string writable as XML 1.0 character data. */
final class XmlText {

    /** What stands for a character XML 1.0 cannot hold. */
    static final char REPLACEMENT = '\uFFFD';

    private XmlText() {}

    /**
     * Shows control and invisible format characters as {@link TerminalText#printableLines} does (so
     * a bidi override reads the same as in every other report), then replaces whatever XML 1.0 still
     * forbids with U+FFFD. Escaping of markup is the writer's job.
     */
    static String clean(String raw) {
        String s = TerminalText.printableLines(raw);
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int n = Character.charCount(c);
            boolean ok = c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || c >= 0x20 && c <= 0xD7FF
                    || c >= 0xE000 && c <= 0xFFFD
                    || c >= 0x10000 && c <= 0x10FFFF;
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                if (ok) {
                    b.appendCodePoint(c);
                } else {
                    b.append(REPLACEMENT);
                }
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }
}
