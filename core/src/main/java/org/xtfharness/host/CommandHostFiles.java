package org.xtfharness.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.agent.AgentRequest;
import org.xtfharness.agent.AgentScript;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunner;

/**
 * {@link HostFiles} over any {@link CommandRunner}, so a remote host's files are read with the same
 * ssh connection that runs its commands. Each call is one command that returns only what was asked
 * for ({@code stat}, {@code dd} with byte offsets): a log is never copied whole.
 *
 * <p>Each call is one request to the host agent ({@link AgentScript}): paths and numbers reach it
 * only as arguments, never inside the program text. It needs a POSIX
 * {@code sh}, GNU-style {@code stat -c} and {@code dd iflag=skip_bytes,count_bytes} (coreutils, or a
 * busybox built with them), which every Xen dom0 the harness targets has.
 */
public final class CommandHostFiles implements HostFiles {

    private final CommandRunner runner;
    private final Duration timeout;

    /** Files read through {@code runner}, each command with a 30 s deadline. */
    public CommandHostFiles(CommandRunner runner) {
        this(runner, Duration.ofSeconds(30));
    }

    /** Files read through {@code runner}, each command with the given deadline. */
    public CommandHostFiles(CommandRunner runner, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The runner's target: its own commands reach these files. */
    @Override
    public Optional<String> commandTarget() {
        return Optional.of(runner.target());
    }

    @Override
    public Optional<FileStat> stat(String path) {
        requirePath(path);
        CommandResult r = runner.run(AgentScript.command(new AgentRequest.Stat(path), timeout));
        String out = r.stdoutText().strip();
        if (r.succeeded() && out.equals("absent")) {
            return Optional.empty();
        }
        if (!r.succeeded()) {
            throw failure("stat " + path, r);
        }
        String[] f = out.split(" ");
        try {
            if (f.length != 4) {
                throw new NumberFormatException();
            }
            return Optional.of(FileStat.parse(f, 0));
        } catch (NumberFormatException e) {
            throw new InfrastructureException("stat of " + path + " on " + runner.target() + " printed '" + out
                    + "', not 'DEVICE INODE SIZE MODE'");
        }
    }

    @Override
    public byte[] read(String path, long offset, int length) {
        requirePath(path);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0, got " + offset + " and " + length);
        }
        return readRange(path, offset, length);
    }

    private byte[] readRange(String path, long offset, long length) {
        if (length == 0) {
            return new byte[0];
        }
        CommandResult r = runner.run(AgentScript.command(new AgentRequest.Read(path, offset, length), timeout));
        if (r.exitCode() == AgentRequest.Read.NO_SUCH_FILE && !r.timedOut()) {
            throw new InfrastructureException("cannot read " + path + " on " + runner.target() + ": no such file");
        }
        if (r.exitCode() == AgentRequest.Read.NOT_REGULAR && !r.timedOut()) {
            throw new InfrastructureException(
                    "cannot read " + path + " on " + runner.target() + ": not a regular file");
        }
        if (!r.succeeded()) {
            throw failure("read " + length + " bytes at " + offset + " of " + path, r);
        }
        return r.stdout();
    }

    @Override
    public List<String> list(String directory) {
        requirePath(directory);
        CommandResult r = runner.run(AgentScript.command(new AgentRequest.ListDir(directory), timeout));
        if (!r.succeeded()) {
            throw failure("list " + directory, r);
        }
        List<String> names = new ArrayList<>();
        for (String n : r.stdoutText().split("\0")) {
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    @Override
    public byte[] readAll(String path, int maxBytes) {
        requirePath(path);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0");
        }
        // One byte more than allowed tells "exactly at the limit" from "over it" in one round trip.
        byte[] bytes = readRange(path, 0, (long) maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new InfrastructureException(path + " on " + runner.target() + " is larger than the " + maxBytes
                    + " bytes the harness reads whole; refusing to read it");
        }
        return bytes;
    }

    @Override
    public boolean isDirectory(String path) {
        requirePath(path);
        CommandResult r = runner.run(Command.of(timeout, "test", "-d", path));
        if (r.timedOut() || r.exitCode() > 1) {
            throw failure("test -d " + path, r);
        }
        return r.exitCode() == 0;
    }

    /**
     * One command for the whole walk (the agent's {@link AgentRequest.Tree}). Reading ahead only saves round trips: where the
     * command fails or prints what cannot be read, these files answer from the host as before.
     */
    @Override
    public HostFiles readingAhead(String directory, String fileName, int maxBytes) {
        requirePath(directory);
        CommandResult r =
                runner.run(AgentScript.command(new AgentRequest.Tree(directory, fileName, maxBytes), timeout));
        if (!r.succeeded()) {
            return this;
        }
        try {
            return TreeAhead.parse(this, directory, fileName, maxBytes, r.stdoutText());
        } catch (IllegalArgumentException unreadable) {
            return this;
        }
    }

    private static void requirePath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
    }

    private InfrastructureException failure(String what, CommandResult r) {
        return new InfrastructureException("cannot " + what + " on " + runner.target() + ": " + r.describeFailure());
    }

    /** For messages only. */
    @Override
    public String toString() {
        return "CommandHostFiles[" + runner.target() + "]";
    }
}
