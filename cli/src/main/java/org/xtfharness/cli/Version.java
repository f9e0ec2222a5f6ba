package org.xtfharness.cli;

import picocli.CommandLine;

/** The project version, from the jar's manifest when packaged. */
final class Version implements CommandLine.IVersionProvider {

    static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"xtf-harness " + current()};
    }
}
