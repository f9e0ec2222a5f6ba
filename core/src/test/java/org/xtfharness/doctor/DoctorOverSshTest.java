package org.xtfharness.doctor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.testing.LoopbackSshd;

/** The same fixtures read over a real ssh connection (the sshd runs on this machine). */
class DoctorOverSshTest extends DoctorFixtureContract {

    private static LoopbackSshd sshd;
    private static XenHost host;

    @BeforeAll
    static void connect() {
        sshd = LoopbackSshd.start();
        host = Hosts.ssh(sshd.aliasTarget(), sshd.sshOptions());
    }

    @AfterAll
    static void disconnect() throws Exception {
        if (host != null) {
            Hosts.close(host);
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Override
    XenHost host() {
        return host;
    }
}
