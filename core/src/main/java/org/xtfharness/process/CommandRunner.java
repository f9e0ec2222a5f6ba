package org.xtfharness.process;

/**
 * Runs commands on a Xen host: locally, or over ssh. The only way the harness starts processes on
 * a host, so every command gets a watchdog and no argument is ever joined into a shell string.
 */
public interface CommandRunner {

    /**
     * Runs the command to completion or its timeout. A non-zero exit is a result, not an exception;
     * an exception means the command could not be run at all.
     */
    CommandResult run(Command command);

    /**
     * Starts the command and returns at once, for a program whose output is read as it comes (a
     * console client). The command's timeout is the longest it may run before it is destroyed.
     *
     * @throws UnsupportedOperationException if this runner cannot stream (the default)
     * @throws org.xtfharness.error.InfrastructureException if the program cannot be started
     */
    default RunningCommand start(Command command) {
        throw new UnsupportedOperationException(
                "commands on " + target() + " cannot be streamed: `" + command.display() + "`");
    }

    /** Where commands run, for messages: {@code local}, {@code ssh://root@host:22}. */
    default String target() {
        return "local";
    }
}
