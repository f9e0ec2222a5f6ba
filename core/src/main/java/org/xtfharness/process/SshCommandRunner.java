package org.xtfharness.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.time.TimeSource;

/**
 * Runs commands on a remote host through the system OpenSSH client, so the user's
 * {@code ~/.ssh/config} (aliases, keys, jump hosts) applies as it does on the command line.
 *
 * <p>Every argument is single-quoted for the remote POSIX shell ({@link PosixShell}): an argument
 * arrives as one argument and is never interpreted. All commands share one connection per runner
 * (OpenSSH connection multiplexing with a control socket in a private 0700 directory), so a
 * command costs a round trip, not a handshake; {@link #close()} ends that connection.
 *
 * <p>ssh's own exit status 255 means the connection failed, and {@link #run} throws an
 * {@link InfrastructureException} for it, never a result: a caller cannot mistake a lost
 * connection for the remote program's exit. A remote program that itself exits 255 is still
 * reported as a result with exit 255 (the remote side marks it so the two can be told apart). The
 * next command after a failure connects afresh.
 *
 * <p>The ssh client runs through a {@link LocalCommandRunner} (exact arguments, capped output, the
 * harness's one kill routine). A command that times out kills its local ssh client and only that
 * process: the shared connection's master, forked by the first client, lives on for the next
 * command. The remote program may run on until it ends or notices its closed output.
 */
public final class SshCommandRunner implements CommandRunner, AutoCloseable {

    /** Written to stderr by the remote wrapper when the remote program itself exited 255. */
    static final String REMOTE_255_MARKER = "xtf-harness: the remote program exited 255";

    private final String host;
    private final Optional<String> user;
    private final OptionalInt port;
    private final SshOptions options;
    private final Path controlDirectory;
    private final Path controlPath;
    private final Path askpass;
    private final LocalCommandRunner local;
    private final TimeSource time;
    private volatile boolean closed;

    /**
     * A runner for one host. Nothing connects until the first command.
     *
     * @param host a host name, address or ssh-config alias
     * @param user the remote user, or empty for ssh's own choice (config, then the local user)
     * @param port the port, or empty for ssh's own choice
     * @param options how ssh is run
     */
    public SshCommandRunner(String host, Optional<String> user, OptionalInt port, SshOptions options) {
        this(host, user, port, options, TimeSource.system());
    }

    /**
     * A runner for one host whose commands are timed and retried on {@code time}.
     *
     * @see #SshCommandRunner(String, Optional, OptionalInt, SshOptions)
     */
    public SshCommandRunner(String host, Optional<String> user, OptionalInt port, SshOptions options, TimeSource time) {
        this.host = Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.startsWith("-") || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("not a usable ssh host name: '" + host + "'");
        }
        this.user = Objects.requireNonNull(user, "user");
        user.ifPresent(u -> {
            if (u.isEmpty() || u.startsWith("-") || u.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("not a usable ssh user name: '" + u + "'");
            }
        });
        this.port = Objects.requireNonNull(port, "port");
        port.ifPresent(p -> {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("ssh port out of range: " + p);
            }
        });
        this.options = Objects.requireNonNull(options, "options");
        this.time = Objects.requireNonNull(time, "time");
        this.local = new LocalCommandRunner(
                LocalCommandRunner.DEFAULT_MAX_STDOUT_BYTES, ProcessKiller.Scope.PROCESS_ONLY, time);
        try {
            // Private to this user: whoever can reach the control socket can run commands as us there.
            this.controlDirectory = Files.createTempDirectory(
                    "xtfh-ssh-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new InfrastructureException(
                    "cannot create a private directory for the ssh control socket: " + e.getMessage(), e);
        }
        // A short fixed name: unix socket paths are limited to about 100 bytes.
        this.controlPath = controlDirectory.resolve("ctl");
        this.askpass = controlDirectory.resolve("askpass");
        if (options.passwordFile().isPresent()) {
            PasswordFiles.check(options.passwordFile().get());
            writeAskpassHelper();
        }
    }

    /**
     * ssh reads a password only from a terminal or from the program SSH_ASKPASS names. This helper
     * answers a password prompt with the password file's first line and refuses every other question
     * (a host key to accept, say), so nothing waits for an answer and nothing is accepted by accident.
     */
    private void writeAskpassHelper() {
        try {
            Files.writeString(
                    askpass,
                    String.join(
                            "\n",
                            "#!/bin/sh",
                            "case \"$1\" in",
                            // Checked a regular file when the run started; checked again, as it
                            // could have been replaced by a FIFO, which would block this helper.
                            "*assword*) [ -f \"$XTFH_SSH_PASSWORD_FILE\" ] || exit 1",
                            "  head -c 4096 -- \"$XTFH_SSH_PASSWORD_FILE\" | head -n 1; exit ;;",
                            "esac",
                            "exit 1",
                            ""));
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the ssh askpass helper: " + e.getMessage(), e);
        }
    }

    @Override
    public String target() {
        return "ssh://" + user.map(u -> u + "@").orElse("") + host + (port.isPresent() ? ":" + port.getAsInt() : "");
    }

    /** The shared connection's control socket; it exists while the connection is up. */
    public Path controlPath() {
        return controlPath;
    }

    @Override
    public CommandResult run(Command command) {
        if (closed) {
            throw new IllegalStateException("this ssh runner for " + target() + " is closed");
        }
        // The wrapper keeps the program's status, turns a death by signal into 128 + signal as a local
        // shell would, and marks a genuine exit 255 so it is not taken for ssh's own failure.
        String remote = PosixShell.join(command.argv())
                + "; s=$?; if [ \"$s\" -eq 255 ]; then echo " + PosixShell.quote(REMOTE_255_MARKER)
                + " >&2; fi; exit \"$s\"";
        List<String> argv = sshArguments();
        argv.add("-n");
        argv.add("-T");
        argv.add("--");
        argv.add(host);
        argv.add(remote);
        CommandResult raw = exec(argv, command);
        // OpenSSH's multiplexing client exits 255 without a word when the master could not open a
        // session for it: seen in about 5% of concurrent sessions against the lab's dropbear. The
        // remote program then never ran, so trying again is safe; a lost connection prints a reason
        // and is not retried here. A silent failure that did run its program (nothing to tell it apart)
        // can only repeat a query or make a repeated `xl create` fail on the name in use, which the
        // domain controller turns into an infrastructure error, never into a verdict.
        for (int retry = 0; retry < SILENT_MUX_RETRIES && isSilentMuxFailure(raw); retry++) {
            if (!sleepQuietly(Duration.ofMillis(50L << retry))) {
                break;
            }
            raw = exec(argv, command);
        }
        String stderr = raw.stderr();
        if (!raw.timedOut() && raw.exitCode() == 255) {
            String stripped = stripMarker(stderr);
            if (stripped == null) {
                throw new InfrastructureException("ssh to " + target() + " failed (ssh exit 255) while running `"
                        + command.display() + "`: " + oneLine(stderr)
                        + " -- the connection is lost or was refused; the next command reconnects");
            }
            stderr = stripped;
        }
        return new CommandResult(command, raw.exitCode(), raw.stdout(), stderr, raw.timedOut(), raw.elapsed());
    }

    /**
     * Starts the command on the remote host through the shared connection and returns at once. Its
     * arguments are quoted as for {@link #run}; standard input is the ssh client's, a pipe held open,
     * so the remote program does not see end of input. Destroying it ends the local ssh client; the
     * remote program then sees its output closed. ssh's own failure shows as exit status 255.
     */
    @Override
    public RunningCommand start(Command command) {
        if (closed) {
            throw new IllegalStateException("this ssh runner for " + target() + " is closed");
        }
        List<String> argv = sshArguments();
        argv.add("-T");
        argv.add("--");
        argv.add(host);
        argv.add(PosixShell.join(command.argv()));
        return ProcessRunningCommand.start(command, argv, ProcessKiller.Scope.PROCESS_ONLY);
    }

    /** Ends the shared connection ({@code ssh -O exit}) and removes the control directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (Files.exists(controlPath)) {
                List<String> argv = sshArguments();
                argv.add("-O");
                argv.add("exit");
                argv.add("--");
                argv.add(host);
                exec(argv, new Command(List.of("ssh", "-O", "exit"), Duration.ofSeconds(10)));
            }
        } catch (InfrastructureException e) {
            // Closing is best effort: a master that is already gone needs no ending.
        } finally {
            try {
                Files.deleteIfExists(controlPath);
                Files.deleteIfExists(askpass);
                Files.deleteIfExists(controlDirectory);
            } catch (IOException e) {
                // A leftover empty private directory in the temp dir is harmless.
            }
        }
    }

    private List<String> sshArguments() {
        List<String> a = new ArrayList<>();
        options.passwordFile().ifPresent(f -> {
            a.add("env");
            a.add("SSH_ASKPASS=" + askpass);
            // force: ask the helper even with no display and no terminal (OpenSSH 8.4 and later).
            a.add("SSH_ASKPASS_REQUIRE=force");
            a.add("XTFH_SSH_PASSWORD_FILE=" + f);
        });
        a.add(options.sshProgram());
        options.configFile().ifPresent(f -> {
            a.add("-F");
            a.add(f.toString());
        });
        // First value wins in ssh: these come before the user's extra options so they cannot be undone.
        if (options.passwordFile().isPresent()) {
            // BatchMode=yes would refuse the password; one try keeps a wrong password from looping.
            option(a, "BatchMode=no");
            option(a, "NumberOfPasswordPrompts=1");
        } else {
            option(a, "BatchMode=yes");
        }
        option(a, "ControlMaster=auto");
        option(a, "ControlPath=" + controlPath);
        option(a, "ControlPersist=" + options.controlPersist().toSeconds() + "s");
        for (String extra : options.extraOptions()) {
            option(a, extra);
        }
        option(a, "ConnectTimeout=" + options.connectTimeout().toSeconds());
        options.identityFile().ifPresent(i -> {
            a.add("-i");
            a.add(i.toString());
        });
        user.ifPresent(u -> {
            a.add("-l");
            a.add(u);
        });
        port.ifPresent(p -> {
            a.add("-p");
            a.add(Integer.toString(p));
        });
        return a;
    }

    private static void option(List<String> a, String o) {
        a.add("-o");
        a.add(o);
    }

    private static String stripMarker(String stderr) {
        String s = stderr;
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.endsWith(REMOTE_255_MARKER)) {
            return null;
        }
        s = s.substring(0, s.length() - REMOTE_255_MARKER.length());
        return s;
    }

    private static final int SILENT_MUX_RETRIES = 3;

    private static boolean isSilentMuxFailure(CommandResult raw) {
        return !raw.timedOut()
                && raw.exitCode() == 255
                && raw.stdout().length == 0
                && raw.stderr().isBlank();
    }

    /** Sleeps; false (with the interrupt kept) if interrupted, so no retry delays an abort. */
    private boolean sleepQuietly(Duration d) {
        try {
            time.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String oneLine(String s) {
        String t = s.strip().replaceAll("\\s*\\n\\s*", " | ");
        return t.isEmpty() ? "(ssh printed nothing)" : t;
    }

    /** Runs the ssh client for {@code command} through the local runner, with the command's deadline. */
    private CommandResult exec(List<String> argv, Command command) {
        try {
            return local.run(new Command(argv, command.timeout()));
        } catch (InfrastructureException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new InfrastructureException(
                    "cannot run the ssh client `" + argv.get(0) + "` for `" + command.display() + "`: "
                            + why.getMessage(),
                    e);
        }
    }
}
