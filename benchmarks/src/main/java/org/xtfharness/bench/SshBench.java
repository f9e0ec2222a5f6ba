package org.xtfharness.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.process.SshCommandRunner;
import org.xtfharness.process.SshOptions;
import org.xtfharness.testing.LoopbackSshd;

/**
 * Per-command cost over ssh to the loopback sshd: through the runner's shared connection
 * (ControlMaster/ControlPersist) against a fresh connection per command ({@code ControlPath=none}),
 * both running {@code true}; {@code true} run locally, for what a process costs anyway; and
 * {@code bash -c true} as sshd starts it (with {@code SSH_CLIENT} set, so bash reads
 * {@code ~/.bashrc}), for what the remote user's shell costs each command.
 *
 * <pre>  java -cp ... org.xtfharness.bench.SshBench CALLS</pre>
 */
public final class SshBench {

    private SshBench() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (LoopbackSshd sshd = new LoopbackSshd()) {
            sshd.startServer();
            SshOptions options = sshd.sshOptions();
            try (SshCommandRunner shared =
                    new SshCommandRunner(LoopbackSshd.ALIAS, Optional.empty(), OptionalInt.empty(), options)) {
                long first = System.nanoTime();
                check(shared.run(Command.of("true")));
                System.out.printf(
                        "ssh      first command (opens the shared connection): %.1f ms%n",
                        (System.nanoTime() - first) / 1e6);
                time("shared connection", calls, () -> check(shared.run(Command.of("true"))));
            }
            List<String> fresh = new ArrayList<>(List.of(
                    "ssh",
                    "-F",
                    options.configFile().orElseThrow().toString(),
                    "-o",
                    "ControlMaster=no",
                    "-o",
                    "ControlPath=none",
                    "-n",
                    "-T",
                    "--",
                    LoopbackSshd.ALIAS,
                    "true"));
            time(
                    "fresh connection",
                    calls,
                    () -> check(CommandRunners.local().run(new Command(fresh, Command.DEFAULT_TIMEOUT))));
            time(
                    "local true (no ssh)",
                    calls,
                    () -> check(CommandRunners.local().run(Command.of("true"))));
            // sshd runs the command through the user's shell, and bash sources ~/.bashrc when it sees
            // SSH_CLIENT: that start-up is the host's, paid by every command with or without sharing.
            ProcessBuilder shell = new ProcessBuilder("bash", "-c", "true");
            shell.environment().put("SSH_CLIENT", "127.0.0.1 40000 22");
            shell.environment().remove("SHLVL");
            time("remote shell start-up", calls, () -> {
                try {
                    Process p = shell.start();
                    p.getInputStream().readAllBytes();
                    p.waitFor();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static void check(CommandResult r) {
        if (!r.succeeded()) {
            throw new IllegalStateException("ssh benchmark command failed: " + r.describeFailure());
        }
    }

    private static void time(String what, int calls, Runnable call) {
        call.run();
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(
                "ssh      %-22s n=%d  median %6.1f ms  p90 %6.1f ms  min %6.1f ms%n",
                what, calls, ns[calls / 2] / 1e6, ns[calls * 9 / 10] / 1e6, ns[0] / 1e6);
    }
}
