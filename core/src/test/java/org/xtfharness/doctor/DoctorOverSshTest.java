package org.xtfharness.doctor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.testing.LoopbackSshd;

/** The same fixtures read over a real ssh connection (the sshd runs on this machine). */
class DoctorOverSshTest extends DoctorFixtureContract {

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
