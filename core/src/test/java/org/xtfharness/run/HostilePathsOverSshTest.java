package org.xtfharness.run;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.testing.LoopbackSshd;

/**
 * Hostile paths through a real sshd on 127.0.0.1: ssh hands the remote shell one string, so here
 * every xl command, stat, read and directory listing is parsed by a shell, and must come out as
 * the same literal arguments.
 */
class HostilePathsOverSshTest extends HostilePathsContract {

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
