package org.xtfharness.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xtfharness.agent.AgentOutput;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.error.HarnessException;
import org.xtfharness.error.HarnessTimeoutException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.host.HostStep;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;

/**
 * Domains driven by {@code xl}, through a {@link CommandRunner} (locally or over ssh).
 *
 * <p>A domain is absent only when a successful full {@code xl list} does not show it: a failing xl
 * (real {@code xl list} has crashed with SIGSEGV under parallel load) is retried with a growing
 * backoff and, if it keeps failing, is an {@link InfrastructureException}, never "the domain is
 * gone". An xl command that hangs is killed at its deadline and reported as a
 * {@link HarnessTimeoutException} without being retried, so a hang costs one command timeout.
 */
public final class XlDomainController implements DomainController {

    private final CommandRunner runner;
    private final XlOptions options;
    private volatile HostCapabilities capabilities;

    XlDomainController(CommandRunner runner, XlOptions options) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public DomainId createPaused(DomainSpec spec) {
        CommandResult r = runner.run(xl(options.createTimeout(), createArguments(spec)));
        return created(spec, r, () -> find(spec.name()));
    }

    /**
     * One round trip on the common path (the agent's {@code create}). A step that fails before the
     * create (the listing) falls back to {@link DomainController#createPausedIfAbsent}'s separate
     * queries, with their retries; the create's own failure is reported as {@link #createPaused}
     * reports it; a failed listing after it falls back to {@link #find}.
     */
    @Override
    public Optional<DomainId> createPausedIfAbsent(DomainSpec spec) {
        return createPausedIfAbsent(spec, Optional.empty());
    }

    /**
     * One round trip on the common path (the agent's {@link AgentRequest.Create}: {@code xl create
     * -p}, the listing that reads the new domain's id and, with the domain still paused, the
     * console's step), the console's step included. No listing before the create: xl itself refuses
     * a name in use ({@code libxl__domain_rename} in {@code tools/libs/light/libxl_domain.c}: {@code
     * domain with name "NAME" already exists}), and that refusal is the stale check. xl's
     * refusal of a name in use means a stale domain (empty); any other failure of the create is
     * reported as {@link #createPaused} reports it; a failed listing after it falls back to
     * {@link #find}. A step not carried to its end is left to its owner.
     */
    @Override
    public Optional<DomainId> createPausedIfAbsent(DomainSpec spec, Optional<HostStep> whilePaused) {
        Optional<AgentRequest> carried = carriable(whilePaused);
        Command create = xl(options.createTimeout(), createArguments(spec));
        AgentRequest.Create request = new AgentRequest.Create(options.xlCommand(), createArguments(spec), carried);
        CommandResult r = runner.run(AgentScript.command(request, options.createTimeout()));
        AgentOutput out = AgentOutput.of(r.stdout());
        Map<String, List<String>> steps = out.steps();
        if (!steps.containsKey("create")) {
            return DomainController.super.createPausedIfAbsent(spec);
        }
        boolean createEnded = steps.containsKey("list");
        if (!createEnded && !r.timedOut() && nameInUse(r.stderr(), spec.name())) {
            return Optional.empty();
        }
        boolean listed = carried.isEmpty() ? r.succeeded() : steps.containsKey("carried");
        CommandResult asCreate = new CommandResult(
                create,
                createEnded ? 0 : r.exitCode(),
                String.join("\n", steps.get("create")).getBytes(StandardCharsets.UTF_8),
                createEnded ? "" : r.stderr(),
                !createEnded && r.timedOut(),
                r.elapsed());
        Optional<DomainId> id = Optional.of(created(spec, asCreate, () -> {
            if (listed) {
                try {
                    return pick(XlListParser.parseList(String.join("\n", steps.get("list"))), spec.name());
                } catch (IllegalArgumentException unreadable) {
                    // asked again below, with the query's retries and its error
                }
            }
            return find(spec.name());
        }));
        out.carried()
                .filter(c -> r.succeeded())
                .ifPresent(c -> whilePaused.get().accept(c));
        return id;
    }

    /** libxl's refusal of a name in use; its first letter's case differs between Xen releases. */
    private static boolean nameInUse(String stderr, String name) {
        return stderr.toLowerCase(Locale.ROOT)
                .contains("with name \"" + name.toLowerCase(Locale.ROOT) + "\" already exists");
    }

    /** The step's request if it runs where this controller's commands run; else nothing is carried. */
    private Optional<AgentRequest> carriable(Optional<HostStep> step) {
        return step.filter(s -> s.target().equals(runner.target())).map(HostStep::request);
    }

    private static List<String> createArguments(DomainSpec spec) {
        // The cfg goes as -f's argument: as a plain word xl reads one starting with '-' as options and
        // one holding '=' as a config line (tools/xl/xl_vmcontrol.c main_create), whatever the path.
        List<String> args = new ArrayList<>(List.of("create", "-p", "-f", spec.cfgPath()));
        args.addAll(spec.overrides());
        // The domain gets the name the harness watches (its log, its xl list line), whatever name= the
        // cfg says: a cfg naming another domain would otherwise create one nobody finds or destroys.
        // Safe to quote plainly: a valid domain name holds no quote or backslash.
        args.add("name=\"" + spec.name() + "\"");
        return args;
    }

    /** The created domain's id from {@code xl create}'s result and a look-up of the new domain. */
    private DomainId created(DomainSpec spec, CommandResult r, Supplier<Optional<DomainInfo>> lookUp) {
        if (r.timedOut()) {
            HarnessTimeoutException e = new HarnessTimeoutException(
                    "creating domain " + spec.name() + " on " + runner.target() + ": " + r.describeFailure());
            cleanUpAfterFailedCreate(spec.name(), e);
            throw e;
        }
        if (r.exitCode() != 0) {
            InfrastructureException e = new InfrastructureException(
                    "could not create domain " + spec.name() + " on " + runner.target() + ": " + r.describeFailure());
            cleanUpAfterFailedCreate(spec.name(), e);
            throw e;
        }
        Optional<DomainInfo> created = lookUp.get();
        if (created.isEmpty()) {
            throw new InfrastructureException("`" + r.command().display() + "` succeeded but xl list does not show "
                    + spec.name() + " on " + runner.target());
        }
        return created.get().id();
    }

    /** Removes what a failed create may have left, recording on the failure what was found. */
    private void cleanUpAfterFailedCreate(String name, HarnessException failure) {
        try {
            if (destroy(name)) {
                failure.addSuppressed(
                        new InfrastructureException("a half-created domain " + name + " was found and destroyed"));
            }
        } catch (HarnessException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    @Override
    public void unpause(DomainId id) {
        query("unpause domain " + id, options.commandTimeout(), List.of("unpause", id.toString()), r -> null);
    }

    @Override
    public Optional<DomainInfo> find(String name) {
        return pick(list(), name);
    }

    private static Optional<DomainInfo> pick(List<DomainInfo> listing, String name) {
        Optional<DomainInfo> alive = listing.stream()
                .filter(d -> d.name().equals(name) && !d.isDying())
                .findFirst();
        return alive.isPresent()
                ? alive
                : listing.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    @Override
    public List<DomainInfo> list() {
        return query(
                "list domains", options.commandTimeout(), List.of("list"), r -> XlListParser.parseList(r.stdoutText()));
    }

    @Override
    public DomainEnd runUntilShutdown(DomainId id, String name, Duration timeout) {
        return runUntilShutdown(id, name, timeout, Optional.empty());
    }

    /**
     * One round trip (the agent's {@link AgentRequest.Run}) that blocks on the host until the domain's end and then
     * runs the console's step. Where the host has no watch, or anything in the wait goes wrong, the
     * wait goes on as {@link #awaitShutdown} polls, from the same start and to the same deadline; a
     * failed unpause is asked again as {@link #unpause} asks it.
     */
    @Override
    public DomainEnd runUntilShutdown(DomainId id, String name, Duration timeout, Optional<HostStep> atEnd) {
        long start = options.time().nanoTime();
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        AgentRequest.Run request = new AgentRequest.Run(
                options.xlCommand(), options.watchCommand(), id.value(), name, seconds, carriable(atEnd));
        CommandResult r = runner.run(AgentScript.command(request, timeout.plus(options.commandTimeout())));
        AgentOutput out = AgentOutput.of(r.stdout());
        Map<String, List<String>> steps = out.steps();
        if (!steps.containsKey("no-watch") && !steps.containsKey("wait")) {
            if (r.timedOut()) {
                Command unpause = xl(options.commandTimeout(), List.of("unpause", id.toString()));
                throw new HarnessTimeoutException("could not unpause domain " + id + " on " + runner.target() + ": "
                        + new CommandResult(unpause, r.exitCode(), new byte[0], r.stderr(), true, r.elapsed())
                                .describeFailure());
            }
            unpause(id);
        }
        if (steps.containsKey("end")) {
            try {
                Optional<DomainInfo> seen = XlListParser.parseList(String.join("\n", steps.get("end"))).stream()
                        .filter(d -> d.name().equals(name) && d.id().equals(id))
                        .findFirst();
                Duration waited = Duration.ofNanos(options.time().nanoTime() - start);
                if (seen.isEmpty() || seen.get().isShutdown()) {
                    out.carried()
                            .filter(c -> r.succeeded())
                            .ifPresent(c -> atEnd.get().accept(c));
                    return seen.isEmpty()
                            ? DomainEnd.vanished(Optional.empty(), waited)
                            : DomainEnd.shutdown(seen.get(), waited);
                }
            } catch (IllegalArgumentException unreadable) {
                // polled below, whose listings are retried and whose errors say what was read
            }
        }
        String why = steps.containsKey("no-watch")
                ? "the host has no " + options.watchCommand().get(0) + " or no timeout"
                : steps.containsKey("deadline") ? null : "the host's wait ended without the domain's end";
        DomainEnd polled = awaitShutdown(id, name, timeout, start);
        return why == null
                ? polled
                : polled.withNote("waited for the domain's end by polling xl list, not by a host watch: " + why
                        + (r.stderr().isBlank()
                                ? ""
                                : " ("
                                        + r.stderr()
                                                .strip()
                                                .lines()
                                                .reduce((a, b) -> b)
                                                .orElse("") + ")"));
    }

    @Override
    public DomainEnd awaitShutdown(DomainId id, String name, Duration timeout) {
        return awaitShutdown(id, name, timeout, options.time().nanoTime());
    }

    private DomainEnd awaitShutdown(DomainId id, String name, Duration timeout, long start) {
        // Deadlines on the monotonic tick: a wall clock set during the wait must not end or stretch it.
        long deadline = start + timeout.toNanos();
        Duration interval = options.pollStart();
        Optional<DomainInfo> lastSeen = Optional.empty();
        while (true) {
            List<DomainInfo> listing = list();
            Optional<DomainInfo> now = listing.stream()
                    .filter(d -> d.name().equals(name) && d.id().equals(id))
                    .findFirst();
            long at = options.time().nanoTime();
            Duration waited = Duration.ofNanos(at - start);
            if (now.isEmpty()) {
                return DomainEnd.vanished(lastSeen, waited);
            }
            lastSeen = now;
            if (now.get().isShutdown()) {
                return DomainEnd.shutdown(now.get(), waited);
            }
            if (at - deadline >= 0) {
                return DomainEnd.timedOut(lastSeen, waited);
            }
            Duration remaining = Duration.ofNanos(deadline - at);
            // The last sleep ends at the deadline, and the loop then makes the one final check.
            sleep(interval.compareTo(remaining) < 0 ? interval : remaining, "waiting for domain " + name);
            interval = grow(interval);
        }
    }

    @Override
    public boolean destroy(String name) {
        long deadline = options.time().nanoTime() + options.destroyTimeout().toNanos();
        Optional<DomainInfo> found = find(name);
        if (found.isEmpty()) {
            return false;
        }
        if (!found.get().isDying()) {
            destroyCommand(name);
        }
        Duration interval = options.pollStart();
        while (true) {
            Optional<DomainInfo> still = find(name);
            if (still.isEmpty()) {
                return true;
            }
            long at = options.time().nanoTime();
            if (at - deadline >= 0) {
                throw new InfrastructureException(
                        "domain " + name + " (id " + still.get().id() + ") is still listed as "
                                + still.get().stateLetters() + " "
                                + options.destroyTimeout().toMillis() + " ms after xl destroy on "
                                + runner.target());
            }
            Duration remaining = Duration.ofNanos(deadline - at);
            sleep(interval.compareTo(remaining) < 0 ? interval : remaining, "waiting for domain " + name + " to go");
            interval = grow(interval);
        }
    }

    /**
     * One round trip on the common path (the agent's {@link AgentRequest.Destroy}); anything else (no such domain, a
     * failed or slow destroy or listing) is left to {@link #destroy}, with its retries, deadline and
     * errors, and evidence the script did not get to is asked for as {@link #describe} and
     * {@link #hypervisorLogTail} ask.
     */
    @Override
    public HostEvidence destroyExpected(String name, int hypervisorLogLines) {
        boolean evidence = hypervisorLogLines > 0;
        AgentRequest.Destroy request = new AgentRequest.Destroy(options.xlCommand(), name, evidence);
        Map<String, List<String>> steps;
        CommandResult r = null;
        try {
            r = runner.run(AgentScript.command(request, options.destroyTimeout().plus(options.commandTimeout())));
            steps = AgentOutput.of(r.stdout()).steps();
        } catch (InfrastructureException lostConnection) {
            steps = Map.of();
        }
        HostEvidence taken = HostEvidence.none();
        if (evidence) {
            Optional<String> description = steps.containsKey("dmesg") && !steps.containsKey("describe-failed")
                    ? Optional.of(String.join("\n", steps.get("describe")))
                    : describe(name);
            Optional<String> log = steps.containsKey("destroy") && !steps.containsKey("dmesg-failed")
                    ? Optional.of(tail(steps.get("dmesg"), hypervisorLogLines))
                    : hypervisorLogTail(hypervisorLogLines);
            taken = new HostEvidence(description, log, List.of());
        }
        if (r == null || !r.succeeded() || !steps.containsKey("gone")) {
            destroy(name);
        }
        return taken;
    }

    /** Runs xl destroy, retrying a failure unless the domain went away meanwhile. */
    private void destroyCommand(String name) {
        Duration backoff = options.retryBackoff();
        CommandResult last = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            CommandResult r = runner.run(xl(options.commandTimeout(), List.of("destroy", name)));
            if (r.timedOut()) {
                throw new HarnessTimeoutException(
                        "destroying domain " + name + " on " + runner.target() + ": " + r.describeFailure());
            }
            if (r.exitCode() == 0) {
                return;
            }
            last = r;
            Optional<DomainInfo> now = find(name);
            if (now.isEmpty() || now.get().isDying()) {
                return;
            }
            if (attempt < options.retries()) {
                sleep(backoff, "retrying xl destroy " + name);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new InfrastructureException("could not destroy domain " + name + " on " + runner.target() + " in "
                + (options.retries() + 1) + " tries; the last: " + last.describeFailure());
    }

    /** Asks {@code xl info} once: what the host can run does not change while the harness drives it. */
    @Override
    public HostCapabilities capabilities() {
        HostCapabilities known = capabilities;
        if (known == null) {
            known = query(
                    "read the host's capabilities",
                    options.commandTimeout(),
                    List.of("info"),
                    r -> XlInfoParser.parseInfo(r.stdoutText()));
            capabilities = known;
        }
        return known;
    }

    /** {@code xl list -l NAME}; empty if xl gives nothing (evidence is best effort and never fails a run). */
    @Override
    public Optional<String> describe(String name) {
        return bestEffort(List.of("list", "-l", name));
    }

    /** The last lines of {@code xl dmesg}; empty if xl gives nothing (best effort, as for {@link #describe}). */
    @Override
    public Optional<String> hypervisorLogTail(int lines) {
        if (lines <= 0) {
            throw new IllegalArgumentException("lines must be positive: " + lines);
        }
        return bestEffort(List.of("dmesg")).map(out -> tail(out.lines().toList(), lines));
    }

    private static String tail(List<String> all, int lines) {
        List<String> nonEmpty =
                all.isEmpty() || !all.get(all.size() - 1).isEmpty() ? all : all.subList(0, all.size() - 1);
        return String.join("\n", nonEmpty.subList(Math.max(0, nonEmpty.size() - lines), nonEmpty.size()));
    }

    private Optional<String> bestEffort(List<String> args) {
        try {
            CommandResult r = runner.run(xl(options.commandTimeout(), args));
            return r.succeeded() ? Optional.of(r.stdoutText()) : Optional.empty();
        } catch (HarnessException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs an xl query, retrying failures (non-zero exit, or output that cannot be parsed) with a
     * doubling backoff. A timeout is thrown at once; when every try fails the last failure is thrown.
     */
    private <T> T query(String what, Duration timeout, List<String> args, Function<CommandResult, T> parse) {
        Duration backoff = options.retryBackoff();
        String lastFailure = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            CommandResult r;
            try {
                r = runner.run(xl(timeout, args));
            } catch (InfrastructureException lostConnection) {
                // A query changes nothing on the host, so one lost to a dropped connection is simply
                // asked again (the ssh runner reconnects); a connection that stays down fails below.
                lastFailure = lostConnection.getMessage();
                if (attempt < options.retries()) {
                    sleep(backoff, "retrying " + what);
                    backoff = backoff.multipliedBy(2);
                }
                continue;
            }
            if (r.timedOut()) {
                throw new HarnessTimeoutException(
                        "could not " + what + " on " + runner.target() + ": " + r.describeFailure());
            }
            if (r.exitCode() == 0) {
                try {
                    return parse.apply(r);
                } catch (IllegalArgumentException e) {
                    lastFailure =
                            "`" + r.command().display() + "` printed output that cannot be read: " + e.getMessage();
                }
            } else {
                lastFailure = r.describeFailure();
            }
            if (attempt < options.retries()) {
                sleep(backoff, "retrying " + what);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw new InfrastructureException(
                "could not " + what + " on " + runner.target() + " in " + (options.retries() + 1)
                        + (options.retries() == 0 ? " try" : " tries") + "; the last: " + lastFailure);
    }

    private Command xl(Duration timeout, List<String> args) {
        List<String> argv = new ArrayList<>(options.xlCommand());
        argv.addAll(args);
        return new Command(argv, timeout);
    }

    private Duration grow(Duration interval) {
        Duration doubled = interval.multipliedBy(2);
        return doubled.compareTo(options.pollMax()) > 0 ? options.pollMax() : doubled;
    }

    private void sleep(Duration d, String why) {
        try {
            options.time().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while " + why, e);
        }
    }
}
