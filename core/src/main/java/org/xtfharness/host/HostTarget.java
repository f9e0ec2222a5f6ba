package org.xtfharness.host;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the Xen host is, as a user writes it: {@code local}, {@code ssh://[user@]host[:port]}, or a
 * bare name that ssh resolves itself (an alias from {@code ~/.ssh/config} or a host name).
 *
 * @param local the harness runs on the Xen host itself
 * @param host the ssh host name, address or alias; empty when local
 * @param user the ssh user, if given
 * @param port the ssh port, if given
 */
public record HostTarget(boolean local, String host, Optional<String> user, OptionalInt port) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern SSH_URL =
            Pattern.compile("ssh://(?:([^@/]*)@)?(\\[[0-9A-Fa-f:.]+\\]|[^:/\\[\\]]*)(?::([0-9]*))?/?");

    public HostTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(port, "port");
        if (local && (!host.isEmpty() || user.isPresent() || port.isPresent())) {
            throw new IllegalArgumentException("a local target has no host, user or port");
        }
        if (!local) {
            if (!NAME.matcher(host).matches() && !host.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("not a host name: '" + host + "'");
            }
            user.ifPresent(u -> {
                if (!USER.matcher(u).matches()) {
                    throw new IllegalArgumentException("not a user name: '" + u + "'");
                }
            });
            port.ifPresent(p -> {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("port out of range 1-65535: " + p);
                }
            });
        }
    }

    /** The harness's own machine. */
    public static HostTarget localHost() {
        return new HostTarget(true, "", Optional.empty(), OptionalInt.empty());
    }

    /**
     * Parses a target as given on a command line or in a config file.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static HostTarget parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.equals("local")) {
            return localHost();
        }
        if (t.startsWith("ssh://")) {
            Matcher m = SSH_URL.matcher(t);
            if (!m.matches() || m.group(2).isEmpty()) {
                throw new IllegalArgumentException("host target '" + text + "' is not ssh://[user@]host[:port]");
            }
            String host = m.group(2);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            Optional<String> user = Optional.ofNullable(m.group(1));
            if (user.isPresent() && user.get().isEmpty()) {
                throw new IllegalArgumentException("host target '" + text + "' has an empty user before '@'");
            }
            OptionalInt port = OptionalInt.empty();
            if (m.group(3) != null) {
                try {
                    port = OptionalInt.of(Integer.parseInt(m.group(3)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("host target '" + text + "' has no valid port after ':'");
                }
            }
            try {
                return new HostTarget(false, host, user, port);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("host target '" + text + "': " + e.getMessage(), e);
            }
        }
        if (NAME.matcher(t).matches()) {
            return new HostTarget(false, t, Optional.empty(), OptionalInt.empty());
        }
        throw new IllegalArgumentException("host target '" + text
                + "' is neither 'local', 'ssh://[user@]host[:port]' nor a bare ssh host or alias name");
    }

    /** The canonical text: {@code local} or {@code ssh://[user@]host[:port]}. */
    @Override
    public String toString() {
        if (local) {
            return "local";
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "ssh://" + user.map(u -> u + "@").orElse("") + h + (port.isPresent() ? ":" + port.getAsInt() : "");
    }
}
