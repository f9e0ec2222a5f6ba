package org.xtfharness.host;

import org.xtfharness.process.CommandRunner;
import org.xtfharness.process.CommandRunners;

/** The run lock on this machine. */
class RunLockLocalTest extends RunLockContract {

    @Override
    CommandRunner commands() {
        return CommandRunners.local();
    }
}
