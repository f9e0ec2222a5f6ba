package org.xtfharness.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.xtfharness.error.InfrastructureException;

/**
 * A {@link RunningCommand} backed by a local process: the program itself, or the ssh client that
 * runs it remotely. The command's timeout is its longest life: then it is destroyed.
 */
final class ProcessRunningCommand implements RunningCommand {

    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xtf-harness-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Command command;
    private final Process process;
    /** Held open and never written: the program must not see end of input (see {@link RunningCommand}). */
    private final OutputStream stdin;
    private final StderrCollector stderr;
    private final ScheduledFuture<?> lifetime;

    private ProcessRunningCommand(Command command, Process process) {
        this.command = command;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = new StderrCollector(process.getErrorStream(), "xtf-harness-stderr-" + process.pid());
        this.lifetime = WATCHDOG.schedule(this::destroy, command.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts {@code processArgv} (which runs {@code command}, locally or through ssh). */
    static ProcessRunningCommand start(Command command, List<String> processArgv) {
        try {
            Process p = new ProcessBuilder(processArgv).start();
            return new ProcessRunningCommand(command, p);
        } catch (IOException e) {
            throw new InfrastructureException("cannot run " + processArgv.get(0) + " (`" + command.display() + "`): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Command command() {
        return command;
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public String stderr() {
        if (!process.isAlive()) {
            // The program has ended: give the drain a moment to take its last words.
            stderr.awaitEnd(200);
        }
        return stderr.text();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public OptionalInt waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    @Override
    public void destroy() {
        lifetime.cancel(false);
        // End of input first: over a multiplexed ssh connection the control master, not the client we
        // kill, holds our pipes, and end of input is what reaches the remote program.
        try {
            stdin.close();
        } catch (IOException e) {
            // Already closed by the process's end: nothing to release.
        }
        if (process.isAlive()) {
            // Descendants first: once the parent is gone they are no longer found through it.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (waitFor(KILL_GRACE).isEmpty()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                waitFor(KILL_GRACE);
            }
        }
    }
}
