package org.xtfharness.run;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;
import org.xtfharness.testing.FakeXl;
import org.xtfharness.testing.LoopbackSshd;

/**
 * The verdict table with the live console streamed over ssh (the fake xenconsole behind a real sshd
 * on 127.0.0.1), and every xl command and every read of the logs and the XTF tree going through
 * a real sshd on 127.0.0.1 (one shared control connection), as against a remote dom0.
 */
class RunnerThroughFakeXlLiveConsoleOverSshTest extends RunnerThroughFakeXlContract {

    private static LoopbackSshd sshd;
    private static XenHost host;

    @BeforeAll
    static void connect() {
        sshd = LoopbackSshd.start();
        host = Hosts.ssh(sshd.aliasTarget(), sshd.sshOptions());
        // The login shell's PATH, not ours: the fake xl must find python3 there.
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

    @Override
    ConsoleSource console(FakeXl fake) {
        return ConsoleSources.live(host.commands(), LiveConsoleOptions.defaults(fake.xenconsolePath())
                .withXenstoreRead(fake.xenstoreReadCommand()));
    }
}
