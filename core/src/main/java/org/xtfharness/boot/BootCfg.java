package org.xtfharness.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xtfharness.error.ConfigurationException;

/**
 * What boot mode takes from an XTF instance's xl cfg, as XTF's {@code build/mkcfg.py} writes them
 * from {@code config/default-{pv,hvm}.cfg.in}: the binary ({@code kernel=} for PV, {@code
 * firmware_override=} for HVM), the test's command line ({@code cmdline=}, then {@code extra=}),
 * {@code vcpus=}, {@code memory=} and {@code hap=}, and every other key as written (to say what
 * an initial domain cannot be given).
 *
 * @param cfgPath where the cfg was read, for messages
 * @param binary the test binary, a readable file on this machine
 * @param cmdline the test's command line, empty if none
 * @param vcpus {@code vcpus=}, if given
 * @param memoryMib {@code memory=} in MiB, if given
 * @param hap {@code hap=} (1 or 0), if given
 * @param keys every key the cfg sets, to its value as written
 */
record BootCfg(
        String cfgPath,
        Path binary,
        String cmdline,
        OptionalInt vcpus,
        OptionalInt memoryMib,
        Optional<Boolean> hap,
        Map<String, String> keys) {

    // xl's cfg syntax as XTF's cfgs use it: KEY = VALUE, a value a quoted string, a number or a
    // [list]; '#' starts a comment outside strings (libxlu's cfg lexer, tools/libs/util/libxlu_cfg_l.l).
    private static final Pattern SETTING = Pattern.compile(
            "^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(\"[^\"\\n]*\"|'[^'\\n]*'|\\[[^\\]]*\\]|[^#\\s]+)\\s*(#.*)?$");

    BootCfg {
        keys = Map.copyOf(keys);
    }

    /**
     * Reads a cfg's text.
     *
     * @throws ConfigurationException naming the cfg when it names no binary, the binary is found
     *     neither where it says nor beside the cfg, or a number is no number
     */
    static BootCfg parse(String cfgPath, String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            Matcher m = SETTING.matcher(line);
            if (m.matches()) {
                keys.put(m.group(1), m.group(2));
            }
        }
        String type = unquote(keys.getOrDefault("type", keys.getOrDefault("builder", "")));
        // An HVM cfg names its binary as the firmware (XTF replaces hvmloader); xtf-mini's PVH cfgs
        // and every PV cfg use kernel=.
        List<String> order =
                type.equals("hvm") ? List.of("firmware_override", "kernel") : List.of("kernel", "firmware_override");
        String named = order.stream()
                .map(keys::get)
                .filter(v -> v != null && !unquote(v).isBlank())
                .map(BootCfg::unquote)
                .findFirst()
                .orElseThrow(() -> new ConfigurationException(
                        cfgPath + ": no kernel=\"...\" or firmware_override=\"...\" line naming the test binary"));
        Path binary = locate(cfgPath, named);
        String cmdline = String.join(
                        " ",
                        unquote(keys.getOrDefault("cmdline", "")).strip(),
                        unquote(keys.getOrDefault("extra", "")).strip())
                .strip();
        if (cmdline.indexOf('\0') >= 0) {
            throw new ConfigurationException(cfgPath + ": cmdline= holds a NUL byte");
        }
        OptionalInt hapValue = number(cfgPath, keys, "hap");
        Optional<Boolean> hap = hapValue.isPresent() ? Optional.of(hapValue.getAsInt() != 0) : Optional.empty();
        return new BootCfg(
                cfgPath, binary, cmdline, number(cfgPath, keys, "vcpus"), number(cfgPath, keys, "memory"), hap, keys);
    }

    /**
     * The binary where the cfg says; if that does not exist, the file of that name beside the cfg
     * (a tree built for {@code /opt/xtf} and copied elsewhere keeps each binary beside its cfg).
     */
    private static Path locate(String cfgPath, String named) {
        Path cfgDir = Path.of(cfgPath).toAbsolutePath().getParent();
        Path said = Path.of(named);
        Path where = said.isAbsolute() ? said : cfgDir.resolve(said);
        if (usable(where)) {
            return where.toAbsolutePath().normalize();
        }
        Path beside = said.getFileName() == null ? null : cfgDir.resolve(said.getFileName());
        if (beside != null && usable(beside)) {
            return beside.normalize();
        }
        throw new ConfigurationException(cfgPath + ": its test binary " + where + " is not a readable file"
                + (beside != null && !beside.equals(where) ? ", nor is " + beside + " beside the cfg" : ""));
    }

    private static boolean usable(Path p) {
        return Files.isRegularFile(p) && Files.isReadable(p);
    }

    private static OptionalInt number(String cfgPath, Map<String, String> keys, String key) {
        String v = keys.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(unquote(v).strip()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(cfgPath + ": " + key + "=" + v + " is not a whole number");
        }
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
