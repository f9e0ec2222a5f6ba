package org.xtfharness.run;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.testing.LoopbackSshd;

/**
 * Hostile paths through a real sshd on 127.0.0.1: ssh hands the remote shell one string, so here
 * every xl command, stat, read and directory listing is parsed by a shell, and must come out as
 * the same literal arguments.
 */
class HostilePathsOverSshTest extends HostilePathsContract {

    private static LoopbackSshd sshd;
    private static XenHost host;

    @BeforeAll
    static void connect() {
        sshd = LoopbackSshd.start();
        host = Hosts.ssh(sshd.aliasTarget(), sshd.sshOptions());
        CommandResult python = host.commands().run(Command.of(Duration.ofSeconds(30),
                "python3", "-c", "import fcntl, json"));
        assumeTrue(python.succeeded(), () -> "the fake xl needs python3 on the ssh login PATH: "
                + python.describeFailure());
    }

    @AfterAll
    static void disconnect() throws Exception {
        try {
            if (host != null) {
                Hosts.close(host);
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    @Override
    XenHost host() {
        return host;
    }
}
