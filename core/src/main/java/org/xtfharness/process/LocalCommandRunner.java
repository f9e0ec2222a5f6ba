package org.xtfharness.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.time.TimeSource;

/**
 * Runs commands on this machine with commons-exec.
 *
 * <p>Each argument reaches the program exactly as given (no shell, no quoting, no variable
 * expansion). A non-zero exit is a result; a process killed by a signal reports 128 + the signal.
 * At the command's timeout the process gets SIGTERM (and, unless the runner kills the process
 * only, its descendants, which could otherwise keep the output pipes open); whatever is still alive
 * a short grace later gets SIGKILL. Standard error is kept up to 64 KiB and standard output up to a
 * configurable cap, so a flood cannot exhaust memory; anything dropped is noted at the end of the
 * kept standard error.
 */
public final class LocalCommandRunner implements CommandRunner {

    /** Standard output kept by default: far more than any xl or host tool prints. */
    public static final long DEFAULT_MAX_STDOUT_BYTES = 64L << 20;
    /** Standard error kept: enough for any message worth reading. */
    public static final int MAX_STDERR_BYTES = 64 << 10;

    /**
     * How long to keep draining output after the process ended: a background child that inherited
     * the pipes (or an ssh control master holding a session's pipes) would otherwise hold the runner forever.
     */
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(2);

    private final long maxStdoutBytes;
    private final ProcessKiller.Scope killScope;
    private final TimeSource time;

    /** A runner keeping at most {@link #DEFAULT_MAX_STDOUT_BYTES} of standard output. */
    public LocalCommandRunner() {
        this(DEFAULT_MAX_STDOUT_BYTES, TimeSource.system());
    }

    /**
     * A runner keeping at most {@code maxStdoutBytes} of each command's standard output.
     *
     * @param time measures how long each command ran
     */
    public LocalCommandRunner(long maxStdoutBytes, TimeSource time) {
        this(maxStdoutBytes, ProcessKiller.Scope.TREE, time);
    }

    LocalCommandRunner(long maxStdoutBytes, ProcessKiller.Scope killScope, TimeSource time) {
        if (maxStdoutBytes < 0) {
            throw new IllegalArgumentException("maxStdoutBytes < 0: " + maxStdoutBytes);
        }
        this.maxStdoutBytes = maxStdoutBytes;
        this.killScope = Objects.requireNonNull(killScope, "killScope");
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public CommandResult run(Command command) {
        BoundedOutputStream out = new BoundedOutputStream(maxStdoutBytes);
        BoundedOutputStream err = new BoundedOutputStream(MAX_STDERR_BYTES);
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        streams.setStopTimeout(DRAIN_AFTER_EXIT);
        ProcessCapture capture = new ProcessCapture(command.timeout(), killScope);

        DefaultExecutor executor =
                DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        executor.setProcessDestroyer(capture);
        executor.setExitValues(null);

        long start = time.nanoTime();
        int exit;
        try {
            exit = executor.execute(new ExactCommandLine(command.argv()));
        } catch (ExecuteException e) {
            // With no failing exit values this only comes from the stream pumps (a background child
            // still holding the output past the drain time), and then commons-exec reports its
            // INVALID_EXITVALUE (0xdeadbeef), not the program's status: ask the process itself.
            if (!capture.started()) {
                throw cannotRun(command, e);
            }
            exit = capture.exitValue().orElse(e.getExitValue());
        } catch (IOException e) {
            throw cannotRun(command, e);
        } finally {
            capture.disarm();
        }
        Duration elapsed = time.since(start);

        StringBuilder stderr = new StringBuilder(new String(err.bytes(), StandardCharsets.UTF_8));
        if (err.dropped() > 0) {
            stderr.append("\n[xtf-harness: stderr truncated, ")
                    .append(err.dropped())
                    .append(" more bytes dropped]");
        }
        if (out.dropped() > 0) {
            stderr.append("\n[xtf-harness: stdout truncated at ")
                    .append(maxStdoutBytes)
                    .append(" bytes, ")
                    .append(out.dropped())
                    .append(" more bytes dropped]");
        }
        return new CommandResult(command, exit, out.bytes(), stderr.toString(), capture.killed(), elapsed);
    }

    /** Starts the program with no shell in between; standard input is a pipe held open (see {@link RunningCommand}). */
    @Override
    public RunningCommand start(Command command) {
        return ProcessRunningCommand.start(command, command.argv(), killScope);
    }

    private static InfrastructureException cannotRun(Command command, IOException e) {
        String why = Messages.cannotStart(command.argv().get(0), e);
        return new InfrastructureException(
                "cannot run " + command.argv().get(0) + " (`" + command.display() + "`): " + why, e);
    }

    @Override
    public String target() {
        return "local";
    }

    /**
     * A command line that hands the launcher exactly our argv. commons-exec's own arguments are
     * trimmed even with quote handling off ({@code addArgument(arg, false)}), which would turn
     * {@code " x"} into {@code "x"}; the launcher asks {@link #toStrings()} for the argv.
     */
    private static final class ExactCommandLine extends CommandLine {
        private final List<String> argv;

        ExactCommandLine(List<String> argv) {
            super(argv.get(0));
            this.argv = argv;
            for (String arg : argv.subList(1, argv.size())) {
                addArgument(arg, false);
            }
        }

        @Override
        public String[] toStrings() {
            return argv.toArray(new String[0]);
        }

        @Override
        public String[] getArguments() {
            return argv.subList(1, argv.size()).toArray(new String[0]);
        }
    }

    /**
     * Learns the started process from commons-exec and kills it at the command's timeout, with the
     * runner's kill scope: one kill routine for every process the harness starts.
     */
    private static final class ProcessCapture implements ProcessDestroyer {
        private final Duration timeout;
        private final ProcessKiller.Scope scope;
        private final AtomicBoolean killed = new AtomicBoolean();
        private Process process;
        private ScheduledFuture<?> watchdog;

        ProcessCapture(Duration timeout, ProcessKiller.Scope scope) {
            this.timeout = timeout;
            this.scope = scope;
        }

        @Override
        public synchronized boolean add(Process p) {
            this.process = p;
            this.watchdog = ProcessKiller.killAfter(timeout, p.toHandle(), scope, () -> killed.set(true));
            return true;
        }

        @Override
        public synchronized boolean remove(Process p) {
            return true;
        }

        @Override
        public synchronized int size() {
            return process == null ? 0 : 1;
        }

        synchronized boolean started() {
            return process != null;
        }

        /** Whether the timeout killed the process. */
        boolean killed() {
            return killed.get();
        }

        /** Stops the timeout; a kill already under way still ends with its SIGKILL. */
        synchronized void disarm() {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }

        /** The process's own exit status once it has ended; empty while it runs. */
        OptionalInt exitValue() {
            Process p;
            synchronized (this) {
                p = process;
            }
            try {
                // The process itself has ended when its output pumps time out; this wait is short.
                return p.waitFor(DRAIN_AFTER_EXIT.toMillis(), TimeUnit.MILLISECONDS)
                        ? OptionalInt.of(p.exitValue())
                        : OptionalInt.empty();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return OptionalInt.empty();
            }
        }
    }
}
