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

    /** Where commands run, for messages: {@code local}, {@code ssh://root@host:22}. */
    default String target() {
        return "local";
    }
}
