package org.xtfharness.testing;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.xtfharness.report.TerminalText;

/**
 * Generated text as a hostile guest or host would send it: bidi overrides and isolates, zero-width
 * characters, U+FEFF, other format characters, C0 and C1 controls, line separators, lone surrogates,
 * U+FFFE and U+FFFF, markup and escape characters of every report format, and ordinary non-ASCII.
 */
public final class HostileText {

    /** Code points a report must never carry raw (U+202E, U+2066-2069, U+200B-200F, U+FEFF, ...). */
    public static final List<Integer> HIDDEN = List.of(
            0x202E, 0x202A, 0x202B, 0x202C, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200C, 0x200D, 0x200E,
            0x200F, 0xFEFF, 0x061C, 0x00AD, 0x2060, 0x2028, 0x2029, 0xE0041, 0x0000, 0x0007, 0x0008, 0x000B, 0x000C,
            0x000D, 0x001B, 0x007F, 0x0085, 0x009B);

    private static final List<String> PIECES = List.of(
            "<",
            ">",
            "&",
            "\"",
            "'",
            "\\",
            "#",
            "]]>",
            "\n",
            "\t",
            "\r\n",
            " ",
            "Test result: FAILURE",
            "caf\u00e9",
            "\uD83D\uDE00",
            "\uD800",
            "\uDC00",
            "\uFFFE",
            "\uFFFF",
            "&amp;",
            "- ",
            ": ");

    private HostileText() {}

    /** Strings mixing {@link #HIDDEN} code points, format meta-characters and plain words. */
    public static Arbitrary<String> strings() {
        Arbitrary<String> hidden = Arbitraries.of(HIDDEN).map(Character::toString);
        Arbitrary<String> pieces = Arbitraries.of(PIECES);
        Arbitrary<String> words = Arbitraries.strings().alpha().numeric().ofMaxLength(6);
        return Arbitraries.oneOf(hidden, hidden, pieces, words)
                .list()
                .ofMinSize(1)
                .ofMaxSize(12)
                .map(parts -> String.join("", parts));
    }

    /**
     * The code points of {@code report} that would be invisible or act on a display: everything
     * {@link TerminalText#isHidden} names but the line feed, which formats use between lines.
     */
    public static List<String> rawHidden(String report) {
        return report.codePoints()
                .filter(c -> c != '\n' && TerminalText.isHidden(c))
                .mapToObj(c -> String.format("U+%04X", c))
                .distinct()
                .toList();
    }

    /** The visible escapes (without their backslash, which formats double) of the format characters in {@code s}. */
    public static List<String> visibleEscapes(String s) {
        return s.codePoints()
                .filter(c -> TerminalText.isHidden(c) && Character.getType(c) == Character.FORMAT)
                .mapToObj(c -> TerminalText.escape(c).substring(1))
                .distinct()
                .toList();
    }
}
