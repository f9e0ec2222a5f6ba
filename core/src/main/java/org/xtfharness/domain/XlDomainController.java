package org.xtfharness.domain;

import com.google.common.primitives.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
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

    /** Starts each step line of {@link #CREATE_SCRIPT}. */
    static final String STEP = "@@xtf-harness-step";

    /**
     * {@code xl create -p}, the listing that reads the new domain's id and, with the domain still
     * paused, a carried {@link HostStep} (the console's mark), as one invocation (one round trip over
     * ssh). No listing before the create: xl itself refuses a name in use ({@code libxl__domain_rename}
     * in {@code tools/libs/light/libxl_domain.c}: {@code domain with name "NAME" already exists}), and
     * that refusal is the stale check. A constant script: the values come as positional arguments
     * {@code N R NAME XL-WORDS... create ARGS... STEP-WORDS...}, the first N words after NAME being the
     * xl command and the last R the carried step. {@code eval} only ever sees {@code "${K}"}
     * references built from numbers, never a value. Before each step it prints a step line on stdout,
     * so a failure or a hang is known to be that step's, and it exits with the failing step's status;
     * the carried step's output, whatever its bytes, is all that follows its step line.
     */
    static final String CREATE_SCRIPT = """
            n=$1; r=$2; name=$3; shift 3
            xl=; create=; carried=; i=1
            while [ "$i" -le "$n" ]; do xl="$xl \\"\\${$i}\\""; i=$((i+1)); done
            i=1
            while [ "$i" -le $(($# - r)) ]; do create="$create \\"\\${$i}\\""; i=$((i+1)); done
            while [ "$i" -le "$#" ]; do carried="$carried \\"\\${$i}\\""; i=$((i+1)); done
            echo '%1$s create'
            eval "$create" || exit
            echo '%1$s list'
            eval "$xl list" || exit
            if [ "$r" -eq 0 ]; then exit 0; fi
            echo '%1$s carried'
            eval "exec $carried"
            """.formatted(STEP);

    /**
     * With {@code EVIDENCE} = {@code yes} first {@code xl list -l NAME} and {@code xl dmesg} (best
     * effort: a failure is marked and the script goes on), then {@code xl destroy NAME}, then
     * {@code xl list} on the host until the name is gone, as one invocation. A constant script:
     * {@code NAME EVIDENCE XL-WORDS...}; step lines as in {@link #CREATE_SCRIPT}.
     */
    static final String DESTROY_SCRIPT = """
            name=$1; evidence=$2; shift 2
            if [ "$evidence" = yes ]; then
                echo '%1$s describe'
                "$@" list -l "$name" || echo '%1$s describe-failed'
                echo '%1$s dmesg'
                "$@" dmesg || echo '%1$s dmesg-failed'
            fi
            echo '%1$s destroy'
            "$@" destroy "$name" || exit
            echo '%1$s gone'
            while listing=$("$@" list); do
                case "
            $listing" in *"
            $name "*) sleep 0.02 2>/dev/null || sleep 1 ;; *) exit 0 ;; esac
            done
            """.formatted(STEP);

    /**
     * A blocking wait on the host: {@code xenstore-watch @releaseDomain} (under {@code timeout}, so it
     * ends at the deadline even if nobody reads it) is set first; at the event xenstored fires when a
     * watch is set, with the domain still paused and so nothing to miss, {@code xl unpause}; then a
     * listing of the domains at each event until this domain is shut down or gone, then at once a
     * carried {@link HostStep} (the console's settled output), given one more argument: the domain's
     * state letters in that listing, or {@code gone}. Where the host lacks either program it
     * unpauses, prints {@code no-watch} and stops. A constant script: {@code N W R ID NAME SECONDS
     * WATCH-WORDS... XL-WORDS... STEP-WORDS...}, N, W and R counting the xl, watch and step words;
     * step lines, {@code eval} and the carried output as in {@link #CREATE_SCRIPT}.
     */
    static final String RUN_SCRIPT = """
            n=$1; w=$2; r=$3; id=$4; name=$5; secs=$6; shift 6
            program=$1; watch=; xl=; carried=; i=1
            while [ "$i" -le "$w" ]; do watch="$watch \\"\\${$i}\\""; i=$((i+1)); done
            while [ "$i" -le $((w + n)) ]; do xl="$xl \\"\\${$i}\\""; i=$((i+1)); done
            while [ "$i" -le "$#" ]; do carried="$carried \\"\\${$i}\\""; i=$((i+1)); done
            if ! command -v timeout >/dev/null 2>&1 || ! command -v "$program" >/dev/null 2>&1; then
                echo '%1$s unpause'
                eval "$xl unpause \\"\\$id\\"" || exit
                echo '%1$s no-watch'
                exit 0
            fi
            { eval "exec timeout \\"\\$secs\\" $watch @releaseDomain" & echo "pid $!"; wait; } | {
                pid=; armed=
                stop() {
                    while [ -z "$pid" ] && read -r event; do
                        case $event in "pid "*) pid=${event#pid } ;; esac
                    done
                    kill "$pid" 2>/dev/null
                }
                while read -r event; do
                    case $event in "pid "*) pid=${event#pid }; continue ;; esac
                    if [ -z "$armed" ]; then
                        armed=1
                        echo '%1$s unpause'
                        eval "$xl unpause \\"\\$id\\"" || { s=$?; stop; exit "$s"; }
                        echo '%1$s wait'
                        continue
                    fi
                    listing=$(eval "$xl list") || { s=$?; stop; exit "$s"; }
                    # This domain's state letters; none once it is gone. It has ended when shut down or gone.
                    state=$(printf '%%s\\n' "$listing" | awk -v id="$id" -v name="$name" '$1 == name && $2 == id { print $5 }')
                    case $state in ???s*|'') ;; *) continue ;; esac
                    stop
                    echo '%1$s end'
                    printf '%%s\\n' "$listing"
                    if [ "$r" -eq 0 ]; then exit 0; fi
                    echo '%1$s carried'
                    eval "exec $carried \\"\\${state:-gone}\\""
                done
                if [ -z "$armed" ]; then exit 1; fi
                echo '%1$s deadline'
            }
            """.formatted(STEP);

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
     * One round trip on the common path ({@link #CREATE_SCRIPT}). A step that fails before the
     * create (the listing) falls back to {@link DomainController#createPausedIfAbsent}'s separate
     * queries, with their retries; the create's own failure is reported as {@link #createPaused}
     * reports it; a failed listing after it falls back to {@link #find}.
     */
    @Override
    public Optional<DomainId> createPausedIfAbsent(DomainSpec spec) {
        return createPausedIfAbsent(spec, Optional.empty());
    }

    /**
     * One round trip on the common path ({@link #CREATE_SCRIPT}), the console's step included. xl's
     * refusal of a name in use means a stale domain (empty); any other failure of the create is
     * reported as {@link #createPaused} reports it; a failed listing after it falls back to
     * {@link #find}. A step not carried to its end is left to its owner.
     */
    @Override
    public Optional<DomainId> createPausedIfAbsent(DomainSpec spec, Optional<HostStep> whilePaused) {
        List<String> carried = carriable(whilePaused);
        List<String> argv = new ArrayList<>(List.of(
                "sh",
                "-c",
                CREATE_SCRIPT,
                "xtf-harness-create",
                Integer.toString(options.xlCommand().size()),
                Integer.toString(carried.size()),
                spec.name()));
        Command create = xl(options.createTimeout(), createArguments(spec));
        argv.addAll(create.argv());
        argv.addAll(carried);
        CommandResult r = runner.run(new Command(argv, options.createTimeout()));
        Output out = Output.of(r.stdout());
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

    /** The step's words if it runs where this controller's commands run; else nothing is carried. */
    private List<String> carriable(Optional<HostStep> step) {
        return step.filter(s -> s.target().equals(runner.target()))
                .map(HostStep::argv)
                .orElse(List.of());
    }

    /** A script's stdout: its step lines, and the carried step's output (any bytes) after its own step line. */
    private record Output(Map<String, List<String>> steps, Optional<byte[]> carried) {

        private static final byte[] CARRIED = ("\n" + STEP + " carried\n").getBytes(StandardCharsets.US_ASCII);

        static Output of(byte[] stdout) {
            byte[] probe = new byte[stdout.length + 1];
            probe[0] = '\n';
            System.arraycopy(stdout, 0, probe, 1, stdout.length);
            int at = Bytes.indexOf(probe, CARRIED);
            if (at < 0) {
                return new Output(
                        XlDomainController.steps(new String(stdout, StandardCharsets.UTF_8)), Optional.empty());
            }
            // at indexes probe, one byte ahead of stdout: stdout[0, at - 1) is the text before the step line.
            String text =
                    new String(stdout, 0, Math.max(0, at - 1), StandardCharsets.UTF_8) + "\n" + STEP + " carried\n";
            byte[] rest = Arrays.copyOfRange(stdout, at - 1 + CARRIED.length, stdout.length);
            return new Output(XlDomainController.steps(text), Optional.of(rest));
        }
    }

    /** The script's stdout by step: the lines after each step line, up to the next one. */
    private static Map<String, List<String>> steps(String stdout) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith(STEP + " ")) {
                current = new ArrayList<>();
                steps.put(line.substring(STEP.length() + 1).strip(), current);
            } else {
                current.add(line);
            }
        }
        return steps;
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
     * One round trip ({@link #RUN_SCRIPT}) that blocks on the host until the domain's end and then
     * runs the console's step. Where the host has no watch, or anything in the wait goes wrong, the
     * wait goes on as {@link #awaitShutdown} polls, from the same start and to the same deadline; a
     * failed unpause is asked again as {@link #unpause} asks it.
     */
    @Override
    public DomainEnd runUntilShutdown(DomainId id, String name, Duration timeout, Optional<HostStep> atEnd) {
        long start = options.time().nanoTime();
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        List<String> carried = carriable(atEnd);
        List<String> argv = new ArrayList<>(List.of(
                "sh",
                "-c",
                RUN_SCRIPT,
                "xtf-harness-run",
                Integer.toString(options.xlCommand().size()),
                Integer.toString(options.watchCommand().size()),
                Integer.toString(carried.size()),
                id.toString(),
                name,
                Long.toString(seconds)));
        argv.addAll(options.watchCommand());
        argv.addAll(options.xlCommand());
        argv.addAll(carried);
        CommandResult r = runner.run(new Command(argv, timeout.plus(options.commandTimeout())));
        Output out = Output.of(r.stdout());
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
     * One round trip on the common path ({@link #DESTROY_SCRIPT}); anything else (no such domain, a
     * failed or slow destroy or listing) is left to {@link #destroy}, with its retries, deadline and
     * errors, and evidence the script did not get to is asked for as {@link #describe} and
     * {@link #hypervisorLogTail} ask.
     */
    @Override
    public HostEvidence destroyExpected(String name, int hypervisorLogLines) {
        boolean evidence = hypervisorLogLines > 0;
        List<String> argv = new ArrayList<>(
                List.of("sh", "-c", DESTROY_SCRIPT, "xtf-harness-destroy", name, evidence ? "yes" : "no"));
        argv.addAll(options.xlCommand());
        Map<String, List<String>> steps;
        CommandResult r = null;
        try {
            r = runner.run(new Command(argv, options.destroyTimeout().plus(options.commandTimeout())));
            steps = steps(r.stdoutText());
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
