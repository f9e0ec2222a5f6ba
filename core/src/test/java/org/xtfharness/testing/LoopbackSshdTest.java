package org.xtfharness.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.process.SshCommandRunner;

class LoopbackSshdTest {

    @Test
    void startsOnAnotherPortWhenItsPortIsTakenBeforeSshdBindsIt() throws Exception {
        // What another test fork's sshd does between this one choosing a free port and binding it.
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            LoopbackSshd sshd = new LoopbackSshd(taken.getLocalPort());
            try {
                sshd.beforeAll(null);

                assertThat(sshd.port()).isNotEqualTo(taken.getLocalPort());
                try (SshCommandRunner ssh = new SshCommandRunner(
                        LoopbackSshd.ALIAS, Optional.empty(), OptionalInt.empty(), sshd.sshOptions())) {
                    CommandResult r = ssh.run(Command.of(Duration.ofSeconds(30), "echo", "served"));
                    assertThat(r.stdoutText().strip()).as(sshd.log()).isEqualTo("served");
                }
            } finally {
                sshd.close();
            }
        }
    }
}
