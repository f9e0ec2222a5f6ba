package org.xtfharness.host;

import java.util.Optional;

/**
 * Reads a Xen host's xenstore: the doctor and the live console both ask it where a domain's
 * console tty is ({@link org.xtfharness.console.ConsoleType#ttyPath} builds those paths).
 */
public interface Xenstore {

    /**
     * The value at {@code path}; empty when the path is absent or empty (xenstore-read failed).
     *
     * @throws org.xtfharness.error.InfrastructureException if the host cannot be reached at all
     */
    Optional<String> read(String path);
}
