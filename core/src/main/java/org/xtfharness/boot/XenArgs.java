package org.xtfharness.boot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.xtfharness.error.ConfigurationException;

/**
 * Per-test words for Xen's command line, as Xen's CI has them in {@code
 * automation/scripts/include/xtf-runner} ({@code argo} needs {@code argo=1,mac-permissive=1}: one
 * {@code argo=} option, a comma-separated list; {@code xen/common/argo.c}'s parser reads no
 * separate {@code mac-permissive} word). {@link #xenCi()} has them built in; a file's lines
 * override them by name, an empty one ({@code argo:}) dropping them.
 * The file has one {@code NAME: ARGS} per line, NAME a test ({@code argo}) or one instance
 * ({@code test-pv64-argo}); blank lines and lines starting with {@code #} are ignored.
 *
 * @param byName the words for each test or instance name
 */
public record XenArgs(Map<String, String> byName) {

    /** Far more than a line per XTF test needs. */
    static final int MAX_BYTES = 1 << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.~-]*");

    public XenArgs {
        byName = Map.copyOf(byName);
    }

    /** The per-test words Xen's CI gives: {@code argo: argo=1,mac-permissive=1}. */
    public static XenArgs xenCi() {
        return new XenArgs(Map.of("argo", "argo=1,mac-permissive=1"));
    }

    /** These words, with {@code other}'s replacing any of the same name. */
    public XenArgs overriddenBy(XenArgs other) {
        Map<String, String> m = new LinkedHashMap<>(byName);
        m.putAll(other.byName());
        return new XenArgs(m);
    }

    /** No per-test words. */
    public static XenArgs none() {
        return new XenArgs(Map.of());
    }

    /**
     * Reads a file.
     *
     * @throws ConfigurationException naming the file and line of anything it cannot use
     */
    public static XenArgs read(Path file) {
        List<String> lines = UserFiles.readUtf8(file, MAX_BYTES, "per-test Xen arguments")
                .lines()
                .toList();
        Map<String, String> m = new LinkedHashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            if (!NAME.matcher(name).matches()) {
                throw new ConfigurationException(file + ":" + n
                        + ": expected 'TEST: XEN ARGUMENTS' (e.g. 'argo: argo=1,mac-permissive=1'), got '" + line
                        + "'");
            }
            if (m.put(name, line.substring(colon + 1).strip()) != null) {
                throw new ConfigurationException(file + ":" + n + ": '" + name + "' is given a second time");
            }
        }
        return new XenArgs(m);
    }

    /** The words for an instance: its own line if it has one, else its test's. */
    public Optional<String> forInstance(String instance, String test) {
        String own = byName.get(instance);
        return own != null ? Optional.of(own) : Optional.ofNullable(byName.get(test));
    }
}
