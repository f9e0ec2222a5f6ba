package org.xtfharness.run;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.testing.LoopbackSshd;

/**
 * The verdict table with every xl command and every read of the logs and the XTF tree going through
 * a real sshd on 127.0.0.1 (one shared control connection), as against a remote dom0.
 */
class RunnerThroughFakeXlOverSshTest extends RunnerThroughFakeXlContract {

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
}
