package org.xtfharness.boot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * What a Xen image was built with, from the {@code .config} it carries: Xen built with {@code
 * CONFIG_HYPFS_CONFIG} (Debian's is) embeds its configuration gzipped ({@code
 * xen/common/Makefile}'s {@code config_data.gz}, served as {@code /buildinfo/config} by hypfs). An
 * image without it tells nothing, and every fact is then unknown.
 *
 * @param version the {@code # Xen/x86 4.17.7 Configuration} header's version, if known
 * @param options every {@code CONFIG_X=V} line, and {@code # CONFIG_X is not set} as {@code n}
 */
record XenBuild(Optional<String> version, Map<String, String> options) {

    private static final Pattern HEADER = Pattern.compile("(?m)^# Xen/\\S+ (\\S+) Configuration$");
    private static final Pattern SET = Pattern.compile("(?m)^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
    private static final Pattern UNSET = Pattern.compile("(?m)^# (CONFIG_[A-Za-z0-9_]+) is not set$");
    private static final int MAX_CONFIG = 1 << 20;

    XenBuild {
        options = Map.copyOf(options);
    }

    /** Nothing known. */
    static XenBuild unknown() {
        return new XenBuild(Optional.empty(), Map.of());
    }

    /** Whether the image says it was built with (true) or without (false) the option. */
    Optional<Boolean> has(String option) {
        String v = options.get(option);
        return v == null ? Optional.empty() : Optional.of(!v.equals("n"));
    }

    /** The first gzip stream in the image that holds a Kconfig file, read as one. */
    static XenBuild of(byte[] image) {
        for (int at = indexOf(image, 0); at >= 0; at = indexOf(image, at + 1)) {
            Optional<String> text = inflate(image, at);
            if (text.isPresent() && text.get().contains("CONFIG_")) {
                return parse(text.get());
            }
        }
        return unknown();
    }

    static XenBuild parse(String config) {
        Map<String, String> options = new LinkedHashMap<>();
        Matcher set = SET.matcher(config);
        while (set.find()) {
            options.put(set.group(1), set.group(2));
        }
        Matcher unset = UNSET.matcher(config);
        while (unset.find()) {
            options.put(unset.group(1), "n");
        }
        Matcher h = HEADER.matcher(config);
        return new XenBuild(h.find() ? Optional.of(h.group(1)) : Optional.empty(), options);
    }

    /** The next gzip header (magic and deflate method) at or after {@code from}. */
    private static int indexOf(byte[] b, int from) {
        for (int i = Math.max(0, from); i + 2 < b.length; i++) {
            if (b[i] == (byte) 0x1f && b[i + 1] == (byte) 0x8b && b[i + 2] == 8) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> inflate(byte[] b, int at) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b, at, b.length - at))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_CONFIG) {
                    return Optional.empty();
                }
            }
            return Optional.of(out.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            // Not a gzip stream after all (the magic bytes occur by chance): look further.
            return Optional.empty();
        }
    }
}
