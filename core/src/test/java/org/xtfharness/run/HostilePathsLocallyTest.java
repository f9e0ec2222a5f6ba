package org.xtfharness.run;

import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;

/** Hostile paths with xl started on this machine: no shell anywhere, arguments go straight to exec. */
class HostilePathsLocallyTest extends HostilePathsContract {

    private final XenHost host = Hosts.local();

    @Override
    XenHost host() {
        return host;
    }
}
