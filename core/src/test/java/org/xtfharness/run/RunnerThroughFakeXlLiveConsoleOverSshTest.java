package org.xtfharness.run;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.testing.FakeXl;
import org.xtfharness.testing.LoopbackSshd;

/**
 * The verdict table with the live console streamed over ssh (the fake xenconsole behind a real sshd
 * on 127.0.0.1), and every xl command and every read of the logs and the XTF tree going through
 * a real sshd on 127.0.0.1 (one shared control connection), as against a remote dom0.
 */
class RunnerThroughFakeXlLiveConsoleOverSshTest extends RunnerThroughFakeXlContract {

    @RegisterExtension
    static final LoopbackSshd sshd = new LoopbackSshd();

    private static XenHost host;

    @BeforeAll
    static void connect() {
        host = Hosts.ssh(sshd.aliasTarget(), sshd.sshOptions());
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (host != null) {
            Hosts.close(host);
        }
    }

    @Override
    XenHost host() {
        return host;
    }

    @Override
    ConsoleSource console(FakeXl fake) {
        return ConsoleSources.live(
                host.commands(),
                LiveConsoleOptions.builder(fake.xenconsolePath())
                        .xenstoreRead(fake.xenstoreReadCommand())
                        .build());
    }
}
