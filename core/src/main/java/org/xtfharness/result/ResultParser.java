package org.xtfharness.result;

import java.util.List;

/**
 * Reads a test's verdict from one run's console lines.
 *
 * <p>Lines arrive framed, with line endings and xenconsoled's timestamp prefix already removed.
 * An implementation never throws on any input: unreadable output is a CRASH, not an error of the
 * runner.
 */
public interface ResultParser {

    /** Parses exactly one run's lines. */
    ParsedOutput parse(List<String> lines);
}
