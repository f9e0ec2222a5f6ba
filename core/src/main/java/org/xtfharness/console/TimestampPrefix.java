package org.xtfharness.console;

/**
 * xenconsoled's timestamp prefix, {@code [YYYY-MM-DD HH:MM:SS] } (strftime
 * {@code "[%Y-%m-%d %H:%M:%S] "}), written at the start of guest log lines when it runs with
 * {@code --timestamp=guest} or {@code all}, and its {@code Logfile Opened} marker, written each
 * time it (re)opens a log.
 *
 * <p>Only exactly that shape is recognised, every digit position checked. A line without the prefix
 * is left alone: xenconsoled shares its "next write needs a timestamp" state between guests, so
 * not every line of a timestamped log carries one.
 */
public final class TimestampPrefix {

    /** Length of the prefix, including its trailing space. */
    public static final int LENGTH = 22;

    /** The marker text after the prefix. */
    public static final String LOGFILE_OPENED = "Logfile Opened";

    /** The shape: {@code d} is a digit, anything else must match exactly. */
    private static final String SHAPE = "[dddd-dd-dd dd:dd:dd] ";

    private TimestampPrefix() {}

    /** True if the line starts with a timestamp prefix. */
    public static boolean hasPrefix(String line) {
        if (line == null || line.length() < LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (!matches(SHAPE.charAt(i), line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** True if {@code bytes[off, off + LENGTH)} is a timestamp prefix. */
    public static boolean isPrefixAt(byte[] bytes, int off) {
        if (off < 0 || off > bytes.length - LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (!matches(SHAPE.charAt(i), (char) (bytes[off + i] & 0xff))) {
                return false;
            }
        }
        return true;
    }

    /** The line without its timestamp prefix; the line itself if it has none. */
    public static String strip(String line) {
        return hasPrefix(line) ? line.substring(LENGTH) : line;
    }

    /**
     * True for xenconsoled's {@code [YYYY-MM-DD HH:MM:SS] Logfile Opened} marker line (trailing
     * whitespace allowed). An unstamped {@code Logfile Opened} is not taken for the marker: a guest
     * could print that.
     */
    public static boolean isLogfileOpened(String rawLine) {
        return hasPrefix(rawLine) && rawLine.substring(LENGTH).stripTrailing().equals(LOGFILE_OPENED);
    }

    private static boolean matches(char shape, char c) {
        return shape == 'd' ? c >= '0' && c <= '9' : c == shape;
    }
}
