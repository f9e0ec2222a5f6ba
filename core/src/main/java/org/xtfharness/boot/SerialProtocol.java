package org.xtfharness.boot;

import java.util.List;
import java.util.Optional;
import org.xtfharness.domain.ShutdownReason;

/**
 * How one instance's serial log is read: which lines say the test's domain ended, and which are
 * the test's own (the only ones a verdict is read from). Two placements, two readings ({@link
 * SerialProtocols}): the test as the initial domain, whose end Xen announces; and the test as a
 * dom0less domU, whose end Xen does not.
 */
interface SerialProtocol {

    /**
     * An end read from a line.
     *
     * @param reason how the domain ended
     * @param settle the line is the test's own last word (its result line, its panic) rather than
     *     Xen's: the reader goes on for a moment ({@link QemuDomainController#SETTLE}) in case Xen
     *     then says the domain crashed, and only then takes this end
     */
    record End(ShutdownReason reason, boolean settle) {}

    /**
     * The end this line tells, if any.
     *
     * @param line one serial line, stripped, line end removed; only lines that start with {@code (}
     *     are given (Xen's, and Xen's copies of a domU's), everything else tells no end
     * @param complete whether the line has ended
     */
    Optional<End> end(String line, boolean complete);

    /** The test's own lines, in order, from the serial log's framed lines. */
    List<String> guestLines(List<String> lines);

    /** For messages: where the test's lines come from. */
    String describe();
}
