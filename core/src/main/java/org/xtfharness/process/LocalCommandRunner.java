package org.xtfharness.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.xtfharness.error.InfrastructureException;

/**
 * Runs commands on this machine with commons-exec.
 *
 * <p>Each argument reaches the program exactly as given (no shell, no quoting, no variable
 * expansion). A non-zero exit is a result; a process killed by a signal reports 128 + the signal.
 * At the command's timeout the watchdog terminates the process (and its descendants, which could
 * otherwise keep the output pipes open); if it is still alive a short grace later it is killed.
 * Standard error is kept up to 64 KiB and standard output up to a configurable cap, so a flood
 * cannot exhaust memory; anything dropped is noted at the end of the kept standard error.
 */
public final class LocalCommandRunner implements CommandRunner {

    /** Standard output kept by default: far more than any xl or host tool prints. */
    public static final long DEFAULT_MAX_STDOUT_BYTES = 64L << 20;
    /** Standard error kept: enough for any message worth reading. */
    public static final int MAX_STDERR_BYTES = 64 << 10;

    /** How long a process may outlive SIGTERM after its timeout before it gets SIGKILL. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /**
     * How long to keep draining output after the process ended: a background child that inherited
     * the pipes would otherwise hold the runner forever.
     */
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(2);

    private static final ScheduledExecutorService KILLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xtf-harness-process-killer");
        t.setDaemon(true);
        return t;
    });

    private final long maxStdoutBytes;

    /** A runner keeping at most {@link #DEFAULT_MAX_STDOUT_BYTES} of standard output. */
    public LocalCommandRunner() {
        this(DEFAULT_MAX_STDOUT_BYTES);
    }

    /** A runner keeping at most {@code maxStdoutBytes} of each command's standard output. */
    public LocalCommandRunner(long maxStdoutBytes) {
        if (maxStdoutBytes < 0) {
            throw new IllegalArgumentException("maxStdoutBytes < 0: " + maxStdoutBytes);
        }
        this.maxStdoutBytes = maxStdoutBytes;
    }

    @Override
    public CommandResult run(Command command) {
        List<String> argv = command.argv();
        CommandLine line = new ExactCommandLine(argv);

        BoundedOutputStream out = new BoundedOutputStream(maxStdoutBytes);
        BoundedOutputStream err = new BoundedOutputStream(MAX_STDERR_BYTES);
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        streams.setStopTimeout(DRAIN_AFTER_EXIT);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(command.timeout()).get();
        ProcessCapture capture = new ProcessCapture();

        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(capture);
        executor.setExitValues(null);

        AtomicBoolean killedByUs = new AtomicBoolean();
        ScheduledFuture<?> terminate = KILLER.schedule(() -> capture.terminate(false, killedByUs),
                command.timeout().toNanos(), TimeUnit.NANOSECONDS);
        ScheduledFuture<?> kill = KILLER.schedule(() -> capture.terminate(true, killedByUs),
                command.timeout().plus(KILL_GRACE).toNanos(), TimeUnit.NANOSECONDS);

        long start = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(line);
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
            terminate.cancel(false);
            kill.cancel(false);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        boolean timedOut = watchdog.killedProcess() || killedByUs.get();

        StringBuilder stderr = new StringBuilder(new String(err.bytes(), StandardCharsets.UTF_8));
        if (err.dropped() > 0) {
            stderr.append("\n[xtf-harness: stderr truncated, ").append(err.dropped()).append(" more bytes dropped]");
        }
        if (out.dropped() > 0) {
            stderr.append("\n[xtf-harness: stdout truncated at ").append(maxStdoutBytes).append(" bytes, ")
                    .append(out.dropped()).append(" more bytes dropped]");
        }
        return new CommandResult(command, exit, out.bytes(), stderr.toString(), timedOut, elapsed);
    }

    /** Starts the program with no shell in between; standard input is a pipe held open (see {@link RunningCommand}). */
    @Override
    public RunningCommand start(Command command) {
        return ProcessRunningCommand.start(command, command.argv());
    }

    private static InfrastructureException cannotRun(Command command, IOException e) {
        String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        return new InfrastructureException("cannot run " + command.argv().get(0) + " (`" + command.display() + "`): " + why, e);
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

    /** Learns the started process from commons-exec, so the runner can kill it and its descendants. */
    private static final class ProcessCapture implements ProcessDestroyer {
        private Process process;

        @Override
        public synchronized boolean add(Process p) {
            this.process = p;
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

        /** The process's own exit status once it has ended; empty while it runs. */
        java.util.OptionalInt exitValue() {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null) {
                return java.util.OptionalInt.empty();
            }
            try {
                // The process itself has ended when its output pumps time out; this wait is short.
                return p.waitFor(DRAIN_AFTER_EXIT.toMillis(), TimeUnit.MILLISECONDS)
                        ? java.util.OptionalInt.of(p.exitValue()) : java.util.OptionalInt.empty();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return java.util.OptionalInt.empty();
            }
        }

        void terminate(boolean forcibly, AtomicBoolean killed) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null || !p.isAlive()) {
                return;
            }
            killed.set(true);
            // Descendants first: once the parent is gone they are no longer found through it.
            p.descendants().forEach(h -> {
                if (forcibly) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
            if (forcibly) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        }
    }
}
