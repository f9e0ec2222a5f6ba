package org.xtfharness.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How waiting for a domain ended.
 *
 * @param kind shut down, timed out, or vanished
 * @param reason the shutdown reason, present exactly for {@link Kind#SHUTDOWN}
 * @param lastSeen the last state observed, if any
 * @param waited how long the wait took
 * @param notes what a person should know about how it was waited for (polling where the host has
 *              no watch, say)
 */
public record DomainEnd(
        Kind kind,
        Optional<ShutdownReason> reason,
        Optional<DomainInfo> lastSeen,
        Duration waited,
        List<String> notes) {

    /** The three ways a wait ends. */
    public enum Kind {
        /** The domain shut down (and, preserved, is still there to be inspected). */
        SHUTDOWN,
        /** The deadline passed with the domain still alive. */
        TIMED_OUT,
        /** The domain was gone before its shutdown was seen. */
        VANISHED
    }

    public DomainEnd {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(waited, "waited");
        notes = List.copyOf(notes);
        if ((kind == Kind.SHUTDOWN) != reason.isPresent()) {
            throw new IllegalArgumentException("a shutdown reason goes with SHUTDOWN, and only then");
        }
    }

    public static DomainEnd shutdown(DomainInfo info, Duration waited) {
        return new DomainEnd(Kind.SHUTDOWN, info.shutdownReason(), Optional.of(info), waited, List.of());
    }

    public static DomainEnd timedOut(Optional<DomainInfo> lastSeen, Duration waited) {
        return new DomainEnd(Kind.TIMED_OUT, Optional.empty(), lastSeen, waited, List.of());
    }

    public static DomainEnd vanished(Optional<DomainInfo> lastSeen, Duration waited) {
        return new DomainEnd(Kind.VANISHED, Optional.empty(), lastSeen, waited, List.of());
    }

    /** This end with one more note. */
    public DomainEnd withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new DomainEnd(kind, reason, lastSeen, waited, more);
    }
}
