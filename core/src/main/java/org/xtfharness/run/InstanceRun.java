package org.xtfharness.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.xtfharness.catalog.TestInstance;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.console.ConsoleSession;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.HostEvidence;
import org.xtfharness.error.HarnessException;
import org.xtfharness.error.Messages;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.ParsedOutput;
import org.xtfharness.result.ResultParser;
import org.xtfharness.result.Verdict;
import org.xtfharness.result.Verdicts;
import org.xtfharness.time.TimeSource;

/**
 * The per-instance protocol, one attempt at a time: no stale domain; open the console capture
 * (its mark deferred into the create); create paused with every end preserved; attach; unpause and
 * await shutdown or timeout (the console's settled read carried in the same round trip); collect
 * exactly this run's output; parse and combine with how the domain ended; capture evidence and
 * destroy. Scheduling, retries, journalling and aborts are the {@link Runner}'s.
 *
 * <p>It remembers every domain it created that may still exist, so that {@link #sweep} (at the end
 * of a run, or on abort) destroys what an attempt could not. Thread-safe: the runner's workers
 * share one.
 */
final class InstanceRun {

    private final DomainController domains;
    private final ConsoleSource console;
    private final ResultParser parser;
    private final RunOptions options;
    private final TimeSource time;
    /** Hears instanceStarted and notices; the runner serialises them to its listeners. */
    private final RunListener listeners;

    private final BooleanSupplier aborting;

    /** Whether a note on how a domain's end was waited for (polling, no host watch) was said to the listeners yet. */
    private final AtomicBoolean waitNoted = new AtomicBoolean();

    private final Set<String> live = ConcurrentHashMap.newKeySet();

    InstanceRun(
            DomainController domains,
            ConsoleSource console,
            ResultParser parser,
            RunOptions options,
            TimeSource time,
            RunListener listeners,
            BooleanSupplier aborting) {
        this.domains = domains;
        this.console = console;
        this.parser = parser;
        this.options = options;
        this.time = time;
        this.listeners = listeners;
        this.aborting = aborting;
    }

    /** One attempt at {@code instance}: its result, never an exception for the test's own failure. */
    TestResult attempt(TestInstance instance, int attempt) {
        String name = instance.name();
        Instant started = time.now();
        List<String> notes = new ArrayList<>();
        listeners.instanceStarted(instance, attempt);
        Duration timeout = options.scaled(instance.timeout());

        Optional<DomainEnd> end = Optional.empty();
        Optional<ConsoleCapture> capture = Optional.empty();
        int evidenceLines = 0;
        Outcome outcome;
        ConsoleSession session = null;
        try {
            // The mark is taken with the domain paused, in the create's round trip where the controller can carry it.
            session = console.openDeferringMark(name);
            live.add(name);
            if (aborting.getAsBoolean()) {
                return interrupted(name, started, notes, attempt);
            }
            DomainSpec spec = createSpec(name, instance.cfgPath());
            Optional<DomainId> fresh = domains.createPausedIfAbsent(spec, session.whilePaused());
            if (fresh.isEmpty()) {
                // A domain of this name is left from an earlier run: gone first, and the console marked
                // again after it, so none of its output is taken for this run's.
                session.close();
                session = null;
                destroyStale(name, notes);
                session = console.openDeferringMark(name);
                if (aborting.getAsBoolean()) {
                    return interrupted(name, started, notes, attempt);
                }
            }
            DomainId id = fresh.isPresent() ? fresh.get() : domains.createPaused(spec);
            session.attach(id, options.attachDeadline());
            if (aborting.getAsBoolean()) {
                return interrupted(name, started, notes, attempt);
            }
            DomainEnd e = domains.runUntilShutdown(id, name, timeout, session.atEnd());
            end = Optional.of(e);
            noteWait(name, e, notes);
            ConsoleCapture c = session.collect();
            capture = Optional.of(c);
            notes.addAll(c.notes());
            outcome = judge(c, e, timeout);
            // Taken with the destroy below, in the same host round trip.
            evidenceLines = outcome.verdict() != Verdict.SUCCESS && options.captureEvidence()
                    ? options.hypervisorLogLines()
                    : 0;
        } catch (HarnessException e) {
            outcome = harnessOutcome(e);
        } catch (RuntimeException e) {
            outcome = Outcome.of(
                    Verdict.ERROR,
                    Cause.INFRASTRUCTURE,
                    "internal error in the runner: " + Outcome.oneLine(Messages.reason(e)));
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    notes.add("closing the console capture failed: " + Outcome.oneLine(e.getMessage()));
                }
            }
        }
        Optional<HostEvidence> taken = destroyAfter(name, evidenceLines, notes);
        if (aborting.getAsBoolean()) {
            return interrupted(name, started, notes, attempt);
        }
        Evidence evidence = evidence(
                capture,
                end,
                taken.flatMap(HostEvidence::description),
                taken.flatMap(HostEvidence::hypervisorLog),
                notes);
        return new TestResult(name, outcome, started, Duration.between(started, time.now()), attempt, evidence);
    }

    /** Destroys every domain this protocol created that may still exist; says which could not be. */
    void sweep() {
        for (String name : List.copyOf(live)) {
            try {
                domains.destroy(name);
                live.remove(name);
            } catch (RuntimeException e) {
                listeners.notice(name, "could not destroy " + name + ": " + Outcome.oneLine(e.getMessage()));
            }
        }
    }

    /** The console's output parsed and combined with how the domain ended. */
    private Outcome judge(ConsoleCapture c, DomainEnd e, Duration timeout) {
        ParsedOutput parsed = parser.parse(c.lines());
        Outcome outcome = Verdicts.combine(parsed, e, timeout);
        if (outcome.cause() == Cause.NO_RESULT && c.byteCount() == 0) {
            // An XTF guest prints its banner before anything else; a clean poweroff with not one byte
            // captured says the capture failed, not the guest. Blaming the guest would be a wrong verdict.
            return Outcome.of(
                    Verdict.ERROR,
                    Cause.INFRASTRUCTURE,
                    "the domain powered off cleanly but not "
                            + "one byte of its console was captured from " + c.origin()
                            + ": console capture failed "
                            + "(is xenconsoled logging guests? is the log's file system full?)");
        }
        return outcome;
    }

    private void noteWait(String name, DomainEnd e, List<String> notes) {
        for (String n : e.notes()) {
            notes.add(Outcome.oneLine(n));
            // Said once per run as it happens; every result it concerns keeps it in its notes.
            if (waitNoted.compareAndSet(false, true)) {
                listeners.notice(name, n);
            }
        }
    }

    /** Evidence taken and the domain destroyed in one round trip; empty if it was not live or could not be. */
    private Optional<HostEvidence> destroyAfter(String name, int evidenceLines, List<String> notes) {
        if (!live.contains(name)) {
            return Optional.empty();
        }
        try {
            HostEvidence taken = domains.destroyExpected(name, evidenceLines);
            taken.notes().forEach(n -> notes.add(Outcome.oneLine(n)));
            live.remove(name);
            return Optional.of(taken);
        } catch (RuntimeException e) {
            // The verdict stands; the domain is left in 'live' for the end-of-run sweep to retry.
            String msg = "could not destroy " + name + " after the test: " + Outcome.oneLine(e.getMessage());
            notes.add(msg);
            listeners.notice(name, msg);
            return Optional.empty();
        }
    }

    /** Every end preserved, plus what the console source needs to attach (an HVM guest's serial pty). */
    private DomainSpec createSpec(String name, String cfgPath) {
        List<String> overrides = new ArrayList<>(DomainSpec.PRESERVE_EVERY_END);
        overrides.addAll(console.createOverrides());
        return new DomainSpec(name, cfgPath, overrides);
    }

    private void destroyStale(String name, List<String> notes) {
        Optional<DomainInfo> stale = domains.find(name);
        if (stale.isPresent()) {
            DomainInfo s = stale.get();
            domains.destroy(name);
            String msg = "destroyed a stale domain " + name + " (id " + s.id() + ", state " + s.stateLetters()
                    + ") left from an earlier run";
            notes.add(msg);
            listeners.notice(name, msg);
        }
    }

    private TestResult interrupted(String name, Instant started, List<String> notes, int attempt) {
        return new TestResult(
                name,
                Outcome.of(Verdict.ERROR, Cause.INTERRUPTED, "the run was interrupted"),
                started,
                Duration.between(started, time.now()),
                attempt,
                Evidence.none(notes));
    }

    private Evidence evidence(
            Optional<ConsoleCapture> capture,
            Optional<DomainEnd> end,
            Optional<String> details,
            Optional<String> dmesg,
            List<String> notes) {
        List<String> excerpt =
                capture.map(c -> tail(c.lines(), options.excerptLines())).orElse(List.of());
        return new Evidence(
                excerpt,
                capture.map(ConsoleCapture::origin).orElse(console.describe()),
                capture.map(ConsoleCapture::location),
                capture.map(ConsoleCapture::byteCount).orElse(0L),
                end.flatMap(DomainEnd::lastSeen).map(DomainInfo::stateLetters),
                details,
                dmesg,
                notes);
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
    }

    private static Outcome harnessOutcome(HarnessException e) {
        String msg = Outcome.oneLine(e.getMessage());
        return switch (e.kind()) {
            case CONFIGURATION -> Outcome.of(Verdict.ERROR, Cause.CONFIGURATION, msg);
            case TIMEOUT -> Outcome.of(Verdict.ERROR, Cause.HARNESS_TIMEOUT, msg);
            case INFRASTRUCTURE -> Outcome.of(Verdict.ERROR, Cause.INFRASTRUCTURE, msg);
        };
    }
}
