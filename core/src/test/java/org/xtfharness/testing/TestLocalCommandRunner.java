package org.xtfharness.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.process.RunningCommand;

/**
 * A minimal local {@link CommandRunner} for tests, so tests in this module need not wait for the
 * production local runner. Arguments go to {@link ProcessBuilder} as arguments.
 */
public final class TestLocalCommandRunner implements CommandRunner {

    /** Streams through the production local runner: starting needs no watchdog of its own here. */
    @Override
    public RunningCommand start(Command command) {
        return CommandRunners.local().start(command);
    }

    @Override
    public CommandResult run(Command command) {
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command.argv())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            boolean done = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            return new CommandResult(
                    command,
                    p.exitValue(),
                    out.join(),
                    new String(err.join(), StandardCharsets.UTF_8),
                    !done,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
