package org.xtfharness.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.time.TimeSource;

/**
 * One runner per Xen host: a lock held for the whole run, so a second runner cannot take the
 * first one's live test domain for a stale one and destroy it.
 *
 * <p>The lock is a directory created with {@code mkdir} on the host itself, through the same
 * {@link CommandRunner} that runs {@code xl} (the host agent's {@code lock-acquire} and
 * {@code lock-release}, path and owner as arguments): {@code mkdir} is atomic on every local file system
 * and needs nothing held open, so it works alike on this machine and over ssh, where a dropped
 * connection must not silently release it. Inside, a file {@code owner} names the holder (pid,
 * machine, start time and a random token). {@link #release()} removes the lock only if it still
 * holds that token. A runner killed outright (SIGKILL, power loss) leaves the lock behind: the
 * next runner fails naming the holder, says whether that process is gone (when it ran on the same
 * machine), and how to clear it; a directory without an owner file of ours is never called a lock
 * nor offered for removal. The default place, {@code /run/lock}, is emptied at every boot.
 */
public final class RunLock implements AutoCloseable {

    /** The default lock on the Xen host. */
    public static final String DEFAULT_PATH = "/run/lock/xtf-harness.lock";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CommandRunner commands;
    private final String path;
    private final Owner owner;
    private final AtomicBoolean released = new AtomicBoolean();

    private RunLock(CommandRunner commands, String path, Owner owner) {
        this.commands = commands;
        this.path = path;
        this.owner = owner;
    }

    /**
     * Takes the lock at {@code path} on the host {@code commands} reaches.
     *
     * @throws ConfigurationException if another runner holds it (naming the holder and how to clear
     *     a stale lock), or if it cannot be created there (naming the path)
     * @throws InfrastructureException if the host cannot be reached or does not answer in time
     */
    public static RunLock acquire(CommandRunner commands, String path, TimeSource time) {
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || !path.startsWith("/") || path.endsWith("/")) {
            throw new ConfigurationException("run lock '" + path + "' must be an absolute path, not ending in '/'");
        }
        Owner me = new Owner(
                ProcessHandle.current().pid(),
                localMachine(),
                time.now().toString(),
                UUID.randomUUID().toString());
        CommandResult r = commands.run(AgentScript.command(new AgentRequest.LockAcquire(path, me.line()), TIMEOUT));
        if (r.succeeded()) {
            return new RunLock(commands, path, me);
        }
        String where = commands.target();
        if (r.timedOut()) {
            throw new InfrastructureException(
                    "could not take the run lock " + path + " on " + where + ": " + r.describeFailure());
        }
        if (r.exitCode() == AgentRequest.LockAcquire.HELD) {
            Optional<Owner> holder = Owner.parse(r.stdoutText().strip());
            if (holder.isEmpty()) {
                // Without an owner file of ours nothing proves the directory is a lock: it may be the user's.
                throw new ConfigurationException("the run lock " + path + " on " + where + " is an existing directory"
                        + " with no xtf-harness owner file in it, so it is not a lock this harness created (or its"
                        + " owner file was lost); choose another place with --run-lock");
            }
            // Removes exactly the two things acquire made, and fails if anyone put anything else there.
            throw new ConfigurationException("another xtf-harness run holds the run lock " + path + " on " + where
                    + ": " + holder.get().describe() + staleness(holder)
                    + ". Two runners on one host would destroy each other's test domains. If that run is no "
                    + "longer running, remove the lock (rm " + path + "/owner && rmdir " + path + " on " + where
                    + ") and start again");
        }
        throw new ConfigurationException("cannot create the run lock " + path + " on " + where + ": "
                + r.describeFailure() + " (choose another place with --run-lock)");
    }

    private static String staleness(Optional<Owner> holder) {
        if (holder.isEmpty() || !holder.get().machine().equals(localMachine())) {
            return "";
        }
        boolean alive =
                ProcessHandle.of(holder.get().pid()).map(ProcessHandle::isAlive).orElse(false);
        return alive
                ? " (that process is still running on this machine)"
                : " (no process " + holder.get().pid() + " runs on this machine: the lock is stale)";
    }

    /** Where the lock is on the host. */
    public String path() {
        return path;
    }

    /** Who holds it: this runner. */
    public Owner owner() {
        return owner;
    }

    /**
     * Releases the lock, if it is still this runner's. Safe to call more than once and from a
     * shutdown hook.
     *
     * @throws InfrastructureException if the host cannot be reached (the lock then stays)
     */
    public void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        CommandResult r = commands.run(AgentScript.command(new AgentRequest.LockRelease(path, owner.line()), TIMEOUT));
        if (!r.succeeded()) {
            throw new InfrastructureException(
                    "cannot remove the run lock " + path + " on " + commands.target() + ": " + r.describeFailure());
        }
    }

    @Override
    public void close() {
        release();
    }

    private static String localMachine() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /**
     * The holder of a run lock, as written in its {@code owner} file.
     *
     * @param pid the runner's process id on {@code machine}
     * @param machine the host name of the machine the runner ran on (not necessarily the Xen host)
     * @param started when it took the lock (ISO-8601)
     * @param token a random token that tells this holder from any later one
     */
    public record Owner(long pid, String machine, String started, String token) {

        public Owner {
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(token, "token");
        }

        String line() {
            return "pid=" + pid + " machine=" + machine + " started=" + started + " token=" + token;
        }

        String describe() {
            return "pid " + pid + " on " + machine + ", started " + started;
        }

        static Optional<Owner> parse(String line) {
            Map<String, String> f = new HashMap<>();
            for (String part : line.split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    f.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            try {
                return Optional.of(new Owner(
                        Long.parseLong(f.getOrDefault("pid", "")), f.get("machine"), f.get("started"), f.get("token")));
            } catch (NumberFormatException | NullPointerException e) {
                return Optional.empty();
            }
        }
    }
}
