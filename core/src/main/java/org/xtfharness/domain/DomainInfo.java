package org.xtfharness.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One domain as the host reports it.
 *
 * @param name the domain's name
 * @param id the domain's id
 * @param flags the state flags ({@code xl list}: r b p s d)
 * @param shutdownReason why it shut down, present exactly when {@link Flag#SHUTDOWN} is set
 */
public record DomainInfo(String name, DomainId id, Set<Flag> flags, Optional<ShutdownReason> shutdownReason) {

    /** State flags, as the letters of {@code xl list}'s State column. */
    public enum Flag {
        RUNNING('r'),
        BLOCKED('b'),
        PAUSED('p'),
        SHUTDOWN('s'),
        DYING('d');

        private final char letter;

        Flag(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    public DomainInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        Objects.requireNonNull(shutdownReason, "shutdownReason");
        if (flags.contains(Flag.SHUTDOWN) != shutdownReason.isPresent()) {
            throw new IllegalArgumentException("a shutdown reason goes with the SHUTDOWN flag, and only then: " + name);
        }
    }

    public boolean isShutdown() {
        return flags.contains(Flag.SHUTDOWN);
    }

    public boolean isDying() {
        return flags.contains(Flag.DYING);
    }

    public boolean isPaused() {
        return flags.contains(Flag.PAUSED);
    }

    /** Shut down with reason crash: what {@code on_crash="preserve"} leaves behind. */
    public boolean isCrashed() {
        return shutdownReason.filter(r -> r == ShutdownReason.CRASH).isPresent();
    }

    /** The six-letter state as {@code xl list} prints it, e.g. {@code ---sc-}. */
    public String stateLetters() {
        StringBuilder s = new StringBuilder(6);
        s.append(flags.contains(Flag.RUNNING) ? 'r' : '-');
        s.append(flags.contains(Flag.BLOCKED) ? 'b' : '-');
        s.append(flags.contains(Flag.PAUSED) ? 'p' : '-');
        s.append(flags.contains(Flag.SHUTDOWN) ? 's' : '-');
        s.append(shutdownReason.map(ShutdownReason::letter).orElse('-'));
        s.append(flags.contains(Flag.DYING) ? 'd' : '-');
        return s.toString();
    }
}
