package org.xtfharness.console;

/**
 * Where a test's console output comes from: xenconsoled's guest log, or the live console.
 *
 * <p>The runner opens a session before it creates the domain, so a source can mark where this
 * run's output will start; see {@link ConsoleSession} for the order of calls.
 */
public interface ConsoleSource {

    /** Starts capturing for a domain that does not exist yet. */
    ConsoleSession open(String domainName);

    /** For messages and evidence: {@code xenconsoled log /var/log/xen/console/guest-%s.log}. */
    String describe();
}
