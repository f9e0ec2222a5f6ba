package org.xtfharness.host;

import java.util.Objects;
import org.xtfharness.process.CommandRunner;

/**
 * A Xen host as the harness reaches it: commands and files, both local or both over one ssh
 * connection.
 *
 * @param commands how commands run there
 * @param files how its files are read
 */
public record XenHost(CommandRunner commands, HostFiles files) {

    public XenHost {
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(files, "files");
    }

    /** Where the host is, for messages. */
    public String target() {
        return commands.target();
    }
}
