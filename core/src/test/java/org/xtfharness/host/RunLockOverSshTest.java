package org.xtfharness.host;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xtfharness.process.CommandRunner;
import org.xtfharness.testing.LoopbackSshd;

/** The run lock taken over ssh (the loopback sshd), where the lock lives on the far side. */
class RunLockOverSshTest extends RunLockContract {

    private static LoopbackSshd sshd;
    private static XenHost host;

    @BeforeAll
    static void connect() {
        sshd = LoopbackSshd.start();
        host = Hosts.ssh(sshd.aliasTarget(), sshd.sshOptions());
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
    CommandRunner commands() {
        return host.commands();
    }
}
