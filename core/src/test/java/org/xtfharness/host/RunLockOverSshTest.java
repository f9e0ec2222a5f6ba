package org.xtfharness.host;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.testing.LoopbackSshd;

/** The run lock taken over ssh (the loopback sshd), where the lock lives on the far side. */
class RunLockOverSshTest extends RunLockContract {

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
    CommandRunner commands() {
        return host.commands();
    }
}
