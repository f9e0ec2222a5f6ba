package org.xtfharness.domain;

import java.util.List;
import java.util.Objects;

/**
 * What to create: a cfg file on the host, the domain name it gives, and {@code KEY=VALUE}
 * overrides xl applies after the file (the installed cfg is never modified).
 *
 * @param name the domain name the cfg sets
 * @param cfgPath the cfg file's path on the Xen host
 * @param overrides xl config lines such as {@code on_crash="preserve"}
 */
public record DomainSpec(String name, String cfgPath, List<String> overrides) {

    /**
     * What every test domain gets: however it ends, it stays to be seen. A crash, a reboot (an HVM
     * triple fault) or a watchdog is then seen as such, never as a domain that merely went away; and
     * poweroff is preserved too, so a domain that vanishes is always an anomaly, and xenconsoled keeps
     * draining its console ring until the runner destroys it (it stops reading a dying domain).
     */
    public static final List<String> PRESERVE_EVERY_END = List.of(
            "on_poweroff=\"preserve\"", "on_crash=\"preserve\"", "on_reboot=\"preserve\"", "on_watchdog=\"preserve\"");

    public DomainSpec {
        DomainNames.requireValid(name);
        Objects.requireNonNull(cfgPath, "cfgPath");
        if (cfgPath.isEmpty() || cfgPath.indexOf('\0') >= 0 || cfgPath.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("unusable cfg path for " + name + ": " + cfgPath);
        }
        overrides = List.copyOf(overrides);
        for (String o : overrides) {
            if (o.indexOf('=') <= 0 || o.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("an override is one KEY=VALUE line, not: " + o);
            }
        }
    }

    /** A spec with the {@link #PRESERVE_EVERY_END} overrides. */
    public static DomainSpec preserving(String name, String cfgPath) {
        return new DomainSpec(name, cfgPath, PRESERVE_EVERY_END);
    }
}
