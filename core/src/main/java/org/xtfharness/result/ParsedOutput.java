package org.xtfharness.result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ResultParser} read in one run's console output, before it is combined with how
 * the domain ended.
 *
 * @param reported the guest's reported verdict; empty when there was no valid result line
 * @param withWarnings the result line said {@code SUCCESS with warnings}
 * @param reasons the reason lines printed before the result line (skip, error, failure messages)
 * @param panic the message of a {@code PANIC:} line, if the guest panicked
 * @param bannerSeen the XTF banner {@code --- Xen Test Framework ---} was seen
 * @param environment the {@code Environment:} line's value, if printed
 * @param resultLines how many result lines were seen (more than one is an anomaly)
 * @param anomalies things a person should know (several result lines, output after the result)
 */
public record ParsedOutput(
        Optional<Verdict> reported,
        boolean withWarnings,
        List<String> reasons,
        Optional<String> panic,
        boolean bannerSeen,
        Optional<String> environment,
        int resultLines,
        List<String> anomalies) {

    public ParsedOutput {
        Objects.requireNonNull(reported, "reported");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(panic, "panic");
        Objects.requireNonNull(environment, "environment");
        anomalies = List.copyOf(anomalies);
        if (resultLines < 0) {
            throw new IllegalArgumentException("resultLines < 0");
        }
        if (reported.isPresent() != (resultLines > 0)) {
            throw new IllegalArgumentException("a reported verdict needs a result line, and only then");
        }
        if (reported.filter(v -> v == Verdict.CRASH).isPresent()) {
            throw new IllegalArgumentException("a guest never reports CRASH");
        }
    }

    /** Output with nothing in it: no banner, no result. */
    public static ParsedOutput empty() {
        return new ParsedOutput(
                Optional.empty(), false, List.of(), Optional.empty(), false, Optional.empty(), 0, List.of());
    }
}
