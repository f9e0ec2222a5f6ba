package org.xtfharness.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import org.xtfharness.result.Outcome;
import picocli.CommandLine;

/**
 * {@code --version}: the project version, from the jar's manifest when packaged, and the Xen
 * version of the host the command would use ({@code xl info}), or why it could not be reached.
 */
final class Version implements CommandLine.IVersionProvider {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"xtf-harness " + current(), hostLine(hostOptions())};
    }

    /** The command's own host options, or the defaults (this machine) for commands without them. */
    private HostOptions hostOptions() {
        if (spec != null) {
            for (CommandLine.Model.CommandSpec m : spec.mixins().values()) {
                if (m.userObject() instanceof HostOptions h) {
                    return h;
                }
            }
        }
        Defaults d = new Defaults();
        new CommandLine(d).parseArgs();
        return d.host;
    }

    static String hostLine(HostOptions h) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        try (Session s = Session.open(h, discard)) {
            String xen = s.domains.capabilities().xenVersion();
            return "Xen " + xen + " on " + s.hostDescription;
        } catch (RuntimeException e) {
            return "Xen version unknown: " + h.hostTarget + " not reachable: " + Outcome.oneLine(e.getMessage());
        }
    }

    @CommandLine.Command
    static final class Defaults {
        @CommandLine.Mixin
        HostOptions host = new HostOptions();
    }
}
