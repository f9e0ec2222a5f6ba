package org.xtfharness.console;

import java.util.List;

/**
 * Where a test's console output comes from: xenconsoled's guest log, or the live console.
 *
 * <p>The runner opens a session before it creates the domain, so a source can mark where this
 * run's output will start; see {@link ConsoleSession} for the order of calls.
 */
public interface ConsoleSource {

    /** Starts capturing for a domain that does not exist yet. */
    ConsoleSession open(String domainName);

    /**
     * As {@link #open}, for a caller that creates the domain paused and then calls
     * {@link ConsoleSession#attach} (offering {@link ConsoleSession#whilePaused()} to the create's
     * round trip in between): a source whose mark costs host round trips takes it then, while the
     * guest has not run, instead of now. Sources with nothing to defer open as {@link #open} does.
     */
    default ConsoleSession openDeferringMark(String domainName) {
        return open(domainName);
    }

    /**
     * xl config lines ({@code KEY=VALUE}) this source needs on every {@code xl create}, after the
     * cfg file's own: a console the cfg may not ask for (an HVM guest's emulated serial port) must
     * exist before the source can attach to it. None by default.
     */
    default List<String> createOverrides() {
        return List.of();
    }

    /** For messages and evidence: {@code xenconsoled log /var/log/xen/console/guest-%s.log}. */
    String describe();
}
