package org.xtfharness.domain;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what {@code xl info} prints: {@code key<padding>: value} lines. */
public final class XlInfoParser {

    private static final Pattern INFO_LINE = Pattern.compile("^([A-Za-z0-9_]+)\\s*:\\s?(.*)$");

    private XlInfoParser() {}

    /** The {@code key : value} fields of {@code xl info}, in order. Lines of another shape are ignored. */
    public static Map<String, String> parseInfoFields(String output) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : XlListParser.lines(output)) {
            Matcher m = INFO_LINE.matcher(line);
            if (m.matches()) {
                fields.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        return fields;
    }

    /**
     * What the host can run, from {@code xl info}: {@code xen_version}, {@code xen_caps} and
     * {@code virt_caps} (absent before Xen 4.13-ish: then empty).
     *
     * @throws IllegalArgumentException if {@code xen_version} or {@code xen_caps} is missing
     */
    public static HostCapabilities parseInfo(String output) {
        Map<String, String> f = parseInfoFields(output);
        String version = f.get("xen_version");
        String caps = f.get("xen_caps");
        if (version == null || version.isEmpty() || caps == null) {
            throw new IllegalArgumentException(
                    "xl info gives no " + (version == null || version.isEmpty() ? "xen_version" : "xen_caps"));
        }
        return new HostCapabilities(version, words(caps), words(f.getOrDefault("virt_caps", "")));
    }

    private static Set<String> words(String s) {
        return s.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(s.strip().split("\\s+")));
    }
}
