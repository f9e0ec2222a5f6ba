package org.xtfharness.process;

import org.xtfharness.time.TimeSource;

/** Where {@link CommandRunner}s come from. */
public final class CommandRunners {

    private CommandRunners() {}

    /** Runs commands on this machine, keeping at most 64 MiB of each command's standard output. */
    public static CommandRunner local() {
        return new LocalCommandRunner();
    }

    /** Runs commands on this machine, keeping at most {@code maxStdoutBytes} of each command's standard output. */
    public static CommandRunner local(long maxStdoutBytes) {
        return new LocalCommandRunner(maxStdoutBytes, TimeSource.system());
    }
}
