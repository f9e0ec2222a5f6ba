package org.xtfharness.result;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.ShutdownReason;

/**
 * Combines what the guest printed with how its domain ended. How the domain ended always wins
 * over the text: a guest that printed SUCCESS and then crashed did not succeed.
 */
public final class Verdicts {

    private static final int MAX_REASON = 400;

    private Verdicts() {}

    /**
     * The outcome of one run.
     *
     * @param parsed what the guest printed, this run only
     * @param end how waiting for the domain ended
     * @param timeout the timeout the wait had, for the reason of a hang
     */
    public static Outcome combine(ParsedOutput parsed, DomainEnd end, Duration timeout) {
        List<String> details = new ArrayList<>();
        parsed.panic().ifPresent(p -> details.add("PANIC: " + p));
        details.addAll(parsed.reasons());
        details.addAll(parsed.anomalies());
        String printed = printed(parsed);

        return switch (end.kind()) {
            case TIMED_OUT ->
                new Outcome(
                        Verdict.CRASH,
                        Cause.TIMED_OUT,
                        "timed out after " + seconds(timeout) + printedBefore(printed),
                        details,
                        false);
            case VANISHED ->
                new Outcome(
                        Verdict.ERROR,
                        Cause.VANISHED,
                        "the domain disappeared before its shutdown was seen (destroyed by something else?)"
                                + printedBefore(printed),
                        details,
                        false);
            case SHUTDOWN -> fromShutdown(end.reason().orElseThrow(), parsed, details, printed);
        };
    }

    private static Outcome fromShutdown(
            ShutdownReason reason, ParsedOutput parsed, List<String> details, String printed) {
        return switch (reason) {
            case POWEROFF -> fromGuest(parsed, details);
            case CRASH -> {
                String what = parsed.panic().map(p -> "guest panicked: " + p).orElse("domain crashed");
                yield new Outcome(
                        Verdict.CRASH, Cause.DOMAIN_CRASHED, clip(what + printedBefore(printed)), details, false);
            }
            case REBOOT ->
                new Outcome(
                        Verdict.CRASH,
                        Cause.DOMAIN_REBOOTED,
                        "domain rebooted (for an HVM guest, a triple fault)" + printedBefore(printed),
                        details,
                        false);
            case WATCHDOG ->
                new Outcome(
                        Verdict.CRASH,
                        Cause.WATCHDOG,
                        "the domain's watchdog fired" + printedBefore(printed),
                        details,
                        false);
            default ->
                new Outcome(
                        Verdict.CRASH,
                        Cause.UNEXPECTED_SHUTDOWN,
                        "domain shut down with reason " + reason.name().toLowerCase() + " (code " + reason.code() + ")"
                                + printedBefore(printed),
                        details,
                        false);
        };
    }

    private static Outcome fromGuest(ParsedOutput parsed, List<String> details) {
        Optional<Verdict> reported = parsed.reported();
        if (reported.isEmpty()) {
            String why = parsed.bannerSeen()
                    ? "the guest powered off without a 'Test result:' line"
                    : "the guest powered off without a 'Test result:' line, and its XTF banner was never seen";
            return new Outcome(Verdict.CRASH, Cause.NO_RESULT, why, details, false);
        }
        Verdict v = reported.get();
        String reason;
        if (!parsed.reasons().isEmpty()) {
            reason = String.join("; ", parsed.reasons());
        } else {
            reason = "guest reported " + v + (parsed.withWarnings() ? " with warnings" : "");
        }
        return new Outcome(
                v, Cause.GUEST_REPORTED, clip(reason), details, v == Verdict.SUCCESS && parsed.withWarnings());
    }

    private static String printed(ParsedOutput parsed) {
        return parsed.reported()
                .map(v -> v + (parsed.withWarnings() ? " with warnings" : ""))
                .orElse(null);
    }

    private static String printedBefore(String printed) {
        return printed == null ? "" : " after printing '" + printed + "'";
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }

    private static String clip(String s) {
        String one = Outcome.oneLine(s);
        return one.length() <= MAX_REASON ? one : one.substring(0, MAX_REASON - 3) + "...";
    }
}
