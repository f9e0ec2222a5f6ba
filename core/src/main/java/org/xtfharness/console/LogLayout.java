package org.xtfharness.console;

import java.util.Objects;
import org.xtfharness.domain.DomainNames;

/**
 * Where xenconsoled writes guest logs: a directory and a file name pattern with one {@code %s}
 * for the domain name.
 *
 * @param directory e.g. {@code /var/log/xen/console} (Debian, osstest) or {@code /var/log/xen} (XenServer)
 * @param pattern e.g. {@code guest-%s.log}
 */
public record LogLayout(String directory, String pattern) {

    public static final LogLayout XENCONSOLED_DEFAULT = new LogLayout("/var/log/xen/console", "guest-%s.log");

    public LogLayout {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(pattern, "pattern");
        if (directory.isEmpty()) {
            throw new IllegalArgumentException("log directory is empty");
        }
        if (pattern.indexOf('/') >= 0
                || pattern.replace("%%", "").split("%s", -1).length != 2
                || pattern.replace("%%", "").replace("%s", "").contains("%")) {
            throw new IllegalArgumentException("log name pattern must hold exactly one %s and no '/': " + pattern);
        }
    }

    /** The guest log's path for a domain. */
    public String pathFor(String domainName) {
        DomainNames.requireValid(domainName);
        String dir = directory.endsWith("/") && directory.length() > 1
                ? directory.substring(0, directory.length() - 1)
                : directory;
        return dir + "/" + String.format(pattern, domainName);
    }
}
