package org.xtfharness.host;

import java.util.Objects;
import org.xtfharness.process.CommandRunners;
import org.xtfharness.process.SshCommandRunner;
import org.xtfharness.process.SshOptions;

/** Factories for {@link XenHost}: this machine, or one reached over ssh. */
public final class Hosts {

    private Hosts() {}

    /** The machine the harness runs on. */
    public static XenHost local() {
        return new XenHost(CommandRunners.local(), new LocalHostFiles());
    }

    /**
     * A host reached with the system ssh client; its files are read through the same connection.
     * Close it with {@link #close(XenHost)} to end the shared connection.
     *
     * @throws IllegalArgumentException if the target is {@code local}
     */
    public static XenHost ssh(HostTarget target, SshOptions options) {
        Objects.requireNonNull(target, "target");
        if (target.local()) {
            throw new IllegalArgumentException("host target 'local' is not an ssh target");
        }
        SshCommandRunner runner = new SshCommandRunner(target.host(), target.user(), target.port(), options);
        return new XenHost(runner, new CommandHostFiles(runner));
    }

    /** The host a target names: {@link #local()} or {@link #ssh(HostTarget, SshOptions)}. */
    public static XenHost of(HostTarget target, SshOptions options) {
        return target.local() ? local() : ssh(target, options);
    }

    /** Ends whatever connection the host holds (the ssh control master); nothing for a local host. */
    public static void close(XenHost host) {
        if (host.commands() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing " + host.target() + " failed: " + e.getMessage(), e);
            }
        }
    }
}
