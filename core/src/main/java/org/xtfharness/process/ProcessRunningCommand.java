package org.xtfharness.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;

/**
 * A {@link RunningCommand} backed by a local process: the program itself, or the ssh client that
 * runs it remotely. The command's timeout is its longest life: then it is destroyed.
 */
final class ProcessRunningCommand implements RunningCommand {

    private final Command command;
    private final Process process;
    private final ProcessKiller.Scope killScope;
    /** Held open and never written: the program must not see end of input (see {@link RunningCommand}). */
    private final OutputStream stdin;

    private final StderrCollector stderr;
    private final ScheduledFuture<?> lifetime;

    private ProcessRunningCommand(Command command, Process process, ProcessKiller.Scope killScope) {
        this.command = command;
        this.process = process;
        this.killScope = killScope;
        this.stdin = process.getOutputStream();
        this.stderr = new StderrCollector(process.getErrorStream(), "xtf-harness-stderr-" + process.pid());
        this.lifetime = ProcessKiller.killAfter(command.timeout(), process.toHandle(), killScope, this::closeInput);
    }

    /**
     * Starts {@code processArgv} (which runs {@code command}, locally or through ssh); a kill at its
     * timeout or by {@link #destroy()} reaches as far as {@code killScope}.
     */
    static ProcessRunningCommand start(Command command, List<String> processArgv, ProcessKiller.Scope killScope) {
        try {
            Process p = new ProcessBuilder(processArgv).start();
            return new ProcessRunningCommand(command, p, killScope);
        } catch (IOException e) {
            throw new InfrastructureException(
                    "cannot run " + processArgv.get(0) + " (`" + command.display() + "`): "
                            + Messages.cannotStart(processArgv.get(0), e),
                    e);
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
        closeInput();
        if (process.isAlive()) {
            ProcessKiller.kill(process.toHandle(), killScope);
            // SIGKILL follows SIGTERM after the grace: by twice that the process is gone.
            waitFor(ProcessKiller.GRACE.multipliedBy(2));
        }
    }

    /**
     * End of input first: over a multiplexed ssh connection the control master, not the client we
     * kill, holds our pipes, and end of input is what reaches the remote program.
     */
    private void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            // Already closed by the process's end: nothing to release.
        }
    }
}
