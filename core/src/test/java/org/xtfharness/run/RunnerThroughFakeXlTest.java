package org.xtfharness.run;

import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;

/** The verdict table with xl started on this machine and its files read directly. */
class RunnerThroughFakeXlTest extends RunnerThroughFakeXlContract {

    private final XenHost host = Hosts.local();

    @Override
    XenHost host() {
        return host;
    }
}
