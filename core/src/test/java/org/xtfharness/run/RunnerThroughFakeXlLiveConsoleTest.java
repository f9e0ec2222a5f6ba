package org.xtfharness.run;

import org.xtfharness.console.ConsoleSource;
import org.xtfharness.console.ConsoleSources;
import org.xtfharness.console.LiveConsoleOptions;
import org.xtfharness.host.Hosts;
import org.xtfharness.host.XenHost;
import org.xtfharness.testing.FakeXl;

/** The verdict table with the live console: the fake xenconsole and its start-notify handshake, on this machine. */
class RunnerThroughFakeXlLiveConsoleTest extends RunnerThroughFakeXlContract {

    private final XenHost host = Hosts.local();

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
