package org.xtfharness.domain;

import org.xtfharness.process.CommandRunner;

/** Where {@link DomainController}s come from. */
public final class DomainControllers {

    private DomainControllers() {}

    /** Domains driven by {@code xl} on the host the runner reaches, with the default options. */
    public static DomainController xl(CommandRunner runner) {
        return xl(runner, XlOptions.defaults());
    }

    /** Domains driven by {@code xl} on the host the runner reaches. */
    public static DomainController xl(CommandRunner runner, XlOptions options) {
        return new XlDomainController(runner, options);
    }
}
