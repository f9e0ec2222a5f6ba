package org.xtfharness.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xtfharness.domain.XenVersion;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.HarnessException;
import org.xtfharness.host.FileStat;
import org.xtfharness.host.HostFiles;
import org.xtfharness.host.XenHost;
import org.xtfharness.process.Command;
import org.xtfharness.process.CommandResult;

/**
 * Finds xenconsole wherever {@code xl console} would run it from. xl runs
 * {@code LIBEXEC_BIN/xenconsole} (libxl_console_exec in tools/libs/light/libxl_console.c), and
 * LIBEXEC_BIN is {@code ${libexecdir}/xen/bin} with libexecdir {@code ${exec_prefix}/lib} on Linux
 * (xen-project/xen m4/paths.m4:107-120): {@code /usr/local/lib/xen/bin} for a plain
 * {@code ./configure && make install} (autoconf's default prefix {@code /usr/local}), and
 * {@code <prefix>/lib/xen/bin} beside an xl in {@code <prefix>/sbin}. Distributions move it: Debian to
 * {@code /usr/lib/xen-<major.minor>/bin}, RPM distributions to {@code /usr/lib64/xen/bin} or
 * {@code /usr/libexec/xen/bin}, a {@code --prefix=/usr} build to {@code /usr/lib/xen/bin}. Some
 * hosts put it on the PATH as well, which is looked at last.
 */
public final class XenconsoleLocator {

    /** The PATH assumed when the host's own cannot be read (the simulated host; a failed printenv). */
    public static final List<String> DEFAULT_PATH =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private XenconsoleLocator() {}

    /** One place to look, and why it is one. */
    public record Candidate(String path, String why) {}

    /** What a search found: the program, if any, and every place looked, in order. */
    public record Search(Optional<Candidate> found, List<Candidate> lookedIn) {

        /** Every place looked, as one line for a message. */
        public String places() {
            return String.join(", ", lookedIn.stream().map(Candidate::path).toList());
        }
    }

    /**
     * The fixed places, in order, for a host whose PATH and xl are not known: Debian's versioned
     * directory, Xen's default source install, the RPM ones, a {@code --prefix=/usr} build's.
     */
    public static List<String> candidates(String xenVersion) {
        return candidates(xenVersion, List.of(), Optional.empty()).stream()
                .map(Candidate::path)
                .toList();
    }

    /**
     * Every place, in order: Debian's versioned directory; beside {@code xlPath} (its prefix's
     * {@code lib/xen/bin}, {@code lib64/xen/bin} and {@code libexec/xen/bin}); Xen's default source
     * install {@code /usr/local/lib/xen/bin}; the RPM directories; {@code /usr/lib/xen/bin}; then
     * each directory of {@code pathDirs}. Duplicates are looked at once.
     */
    public static List<Candidate> candidates(String xenVersion, List<String> pathDirs, Optional<String> xlPath) {
        Map<String, Candidate> c = new LinkedHashMap<>();
        XenVersion.parse(xenVersion)
                .ifPresent(v -> add(c, "/usr/lib/xen-" + v.majorMinor() + "/bin", "Debian's versioned directory"));
        xlPath.flatMap(XenconsoleLocator::prefixOf).ifPresent(prefix -> {
            String beside = "beside " + xlPath.get();
            add(c, prefix + "/lib/xen/bin", beside);
            add(c, prefix + "/lib64/xen/bin", beside);
            add(c, prefix + "/libexec/xen/bin", beside);
        });
        add(c, "/usr/local/lib/xen/bin", "Xen's default source install");
        add(c, "/usr/lib64/xen/bin", "an RPM distribution's directory");
        add(c, "/usr/libexec/xen/bin", "an RPM distribution's directory");
        add(c, "/usr/lib/xen/bin", "a --prefix=/usr build's directory");
        pathDirs.forEach(d -> add(c, d, "on the host's PATH"));
        return List.copyOf(c.values());
    }

    private static void add(Map<String, Candidate> c, String dir, String why) {
        String path = (dir.endsWith("/") ? dir : dir + "/") + "xenconsole";
        c.putIfAbsent(path, new Candidate(path, why));
    }

    /** {@code /opt/xen} for {@code /opt/xen/sbin/xl} or {@code /opt/xen/bin/xl}; empty for anything else. */
    static Optional<String> prefixOf(String xl) {
        int slash = xl.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String bindir = xl.substring(0, slash);
        int up = bindir.lastIndexOf('/');
        String leaf = bindir.substring(up + 1);
        if (!leaf.equals("sbin") && !leaf.equals("bin")) {
            return Optional.empty();
        }
        return Optional.of(up <= 0 ? "" : bindir.substring(0, up));
    }

    /** How a search asks whether a file exists on the host. */
    @FunctionalInterface
    public interface Exists {
        /** The file's identity and size, empty when there is none. */
        Optional<FileStat> stat(String path);
    }

    /** The first of {@code candidates} that exists on the host. */
    public static Search search(HostFiles files, List<Candidate> candidates) {
        return search(files::stat, candidates);
    }

    /** The first of {@code candidates} that {@code files} says exists. */
    public static Search search(Exists files, List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (files.stat(c.path()).isPresent()) {
                return new Search(Optional.of(c), candidates);
            }
        }
        return new Search(Optional.empty(), candidates);
    }

    /**
     * Searches the host as xl would be found and run: its PATH (from {@code printenv PATH} run as
     * the harness runs xl; {@link #DEFAULT_PATH} if that fails) and where the xl program of
     * {@code xlCommand} is on it.
     */
    public static Search search(XenHost host, String xenVersion, List<String> xlCommand) {
        List<String> path = hostPath(host);
        Optional<String> xl = xlProgram(xlCommand)
                .flatMap(p -> p.contains("/")
                        ? Optional.of(p)
                        : path.stream()
                                .map(d -> (d.endsWith("/") ? d : d + "/") + p)
                                .filter(f -> host.files().stat(f).isPresent())
                                .findFirst());
        return search(host.files(), candidates(xenVersion, path, xl));
    }

    /** The program of an xl command line ({@code xl}, {@code /usr/sbin/xl}; the last word of a wrapper's). */
    private static Optional<String> xlProgram(List<String> xlCommand) {
        return xlCommand.stream()
                .filter(w -> w.equals("xl") || w.endsWith("/xl"))
                .findFirst()
                .or(() -> xlCommand.isEmpty() ? Optional.empty() : Optional.of(xlCommand.get(0)));
    }

    private static List<String> hostPath(XenHost host) {
        try {
            CommandResult r = host.commands().run(Command.of(Duration.ofSeconds(20), "printenv", "PATH"));
            String text = r.stdoutText().trim();
            if (r.succeeded() && !text.isEmpty() && text.indexOf('\n') < 0) {
                List<String> dirs = new ArrayList<>();
                for (String d : text.split(":")) {
                    if (d.startsWith("/")) {
                        dirs.add(d);
                    }
                }
                return dirs;
            }
        } catch (HarnessException | IllegalArgumentException e) {
            // A host that cannot say (the simulated one): the usual PATH.
        }
        return DEFAULT_PATH;
    }

    /** The first fixed candidate that exists on the host; a ConfigurationException naming them all if none does. */
    public static String locate(HostFiles files, String xenVersion) {
        return found(search(files, candidates(xenVersion, DEFAULT_PATH, Optional.empty())));
    }

    /** The xenconsole xl would run on the host; a ConfigurationException naming every place looked if none. */
    public static String locate(XenHost host, String xenVersion, List<String> xlCommand) {
        return found(search(host, xenVersion, xlCommand));
    }

    private static String found(Search s) {
        return s.found()
                .map(Candidate::path)
                .orElseThrow(() -> new ConfigurationException("xenconsole not found on the host (looked in "
                        + s.places() + "): install the Xen tools, or name it with --xenconsole PATH"));
    }
}
