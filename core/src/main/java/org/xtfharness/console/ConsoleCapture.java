package org.xtfharness.console;

import java.util.List;
import java.util.Objects;

/**
 * Exactly one run's console output.
 *
 * @param lines the output framed into lines, line endings and timestamp prefixes removed
 * @param byteCount how many bytes of output this run produced (including any dropped)
 * @param droppedBytes bytes dropped from the start because the output exceeded the capture limit
 * @param origin where it was read, e.g. the log file's path
 * @param location how this run's start was found in the origin
 * @param notes anomalies a person should know (the log was truncated, replaced, reopened...)
 */
public record ConsoleCapture(
        List<String> lines, long byteCount, long droppedBytes, String origin, Location location, List<String> notes) {

    /** How the start of this run's output was found. */
    public enum Location {
        /** From the mark taken before the domain was created: the normal, exact case. */
        FROM_MARK,
        /** The log did not exist at the mark: all of it is this run's. */
        NEW_FILE,
        /** The log was truncated or rewritten after the mark; its whole content is after the mark. */
        AFTER_TRUNCATION,
        /** The log was replaced (rotated) after the mark; the old file's tail and the new file were read. */
        AFTER_REPLACEMENT,
        /** Captured from the live console stream. */
        LIVE,
        /** Produced in-process by a simulated host. */
        SIMULATED
    }

    public ConsoleCapture {
        lines = List.copyOf(lines);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(location, "location");
        notes = List.copyOf(notes);
        if (byteCount < 0 || droppedBytes < 0 || droppedBytes > byteCount) {
            throw new IllegalArgumentException("inconsistent byte counts: " + byteCount + ", dropped " + droppedBytes);
        }
    }
}
