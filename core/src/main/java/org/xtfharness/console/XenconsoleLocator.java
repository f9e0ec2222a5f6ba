package org.xtfharness.console;

import java.util.ArrayList;
import java.util.List;
import org.xtfharness.domain.XenVersion;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.HostFiles;

/**
 * Finds xenconsole where distributions install it: it is not on the PATH, {@code xl console}
 * runs it from Xen's private bin directory.
 */
public final class XenconsoleLocator {

    private XenconsoleLocator() {}

    /**
     * Where to look, in order: Debian's {@code /usr/lib/xen-<major.minor>/bin}, then RPM's
     * {@code /usr/lib64/xen/bin} and {@code /usr/libexec/xen/bin}, then a source install's
     * {@code /usr/lib/xen/bin}.
     */
    public static List<String> candidates(String xenVersion) {
        List<String> c = new ArrayList<>();
        XenVersion.parse(xenVersion).ifPresent(v -> c.add("/usr/lib/xen-" + v.majorMinor() + "/bin/xenconsole"));
        c.add("/usr/lib64/xen/bin/xenconsole");
        c.add("/usr/libexec/xen/bin/xenconsole");
        c.add("/usr/lib/xen/bin/xenconsole");
        return c;
    }

    /** The first candidate that exists on the host; a ConfigurationException naming them all if none does. */
    public static String locate(HostFiles files, String xenVersion) {
        List<String> c = candidates(xenVersion);
        for (String path : c) {
            if (files.stat(path).isPresent()) {
                return path;
            }
        }
        throw new ConfigurationException("xenconsole not found on the host (looked in " + String.join(", ", c)
                + "): install the Xen tools, or name it with --xenconsole PATH");
    }
}
