package org.xtfharness.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.console.ConsoleCapture;

/**
 * What a person needs to investigate a result: the end of the console output, where it was read,
 * the domain's last state, and what the runner noticed on the way.
 *
 * @param consoleExcerpt the last lines of this run's console (bounded, see {@link #EXCERPT_LINES})
 * @param consoleOrigin where the console was read
 * @param consoleLocation how this run's output was found there
 * @param consoleBytes how many bytes this run printed
 * @param domainState the domain's state letters when its end was seen, e.g. {@code ---sc-}
 * @param domainDetails {@code xl list -l} of the preserved domain, for anything but SUCCESS
 * @param hypervisorLog the tail of {@code xl dmesg}, for anything but SUCCESS
 * @param notes what the runner noticed: a stale domain destroyed, a log rotated, a retry of xl
 */
public record Evidence(
        List<String> consoleExcerpt,
        String consoleOrigin,
        Optional<ConsoleCapture.Location> consoleLocation,
        long consoleBytes,
        Optional<String> domainState,
        Optional<String> domainDetails,
        Optional<String> hypervisorLog,
        List<String> notes) {

    /** How many console lines evidence keeps. */
    public static final int EXCERPT_LINES = 200;

    public Evidence {
        consoleExcerpt = List.copyOf(consoleExcerpt);
        Objects.requireNonNull(consoleOrigin, "consoleOrigin");
        Objects.requireNonNull(consoleLocation, "consoleLocation");
        Objects.requireNonNull(domainState, "domainState");
        Objects.requireNonNull(domainDetails, "domainDetails");
        Objects.requireNonNull(hypervisorLog, "hypervisorLog");
        notes = List.copyOf(notes);
    }

    public static Evidence none(List<String> notes) {
        return new Evidence(
                List.of(), "", Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty(), notes);
    }
}
