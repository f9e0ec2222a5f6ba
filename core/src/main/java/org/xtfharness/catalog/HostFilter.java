package org.xtfharness.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;

/**
 * Splits a selection into what a host can run and what it cannot, like xtf-runner's
 * {@code --host}, but keeping the latter as SKIP results with the missing capability named
 * instead of dropping them silently.
 *
 * <p>The mapping, from {@code xl info}:
 * <ul>
 *   <li>{@code pv64} needs {@code xen-3.0-x86_64} in {@code xen_caps};</li>
 *   <li>{@code pv32pae} needs {@code xen-3.0-x86_32p} in {@code xen_caps} (32-bit PV is often
 *       compiled out or disabled, e.g. in Debian's Xen);</li>
 *   <li>every HVM environment needs an {@code hvm-3.0-*} entry in {@code xen_caps}; Xen lists all
 *       of them or none, so as in xtf-runner any one enables all four;</li>
 *   <li>a variation named {@code hap} or {@code shadow} needs that word in {@code virt_caps}, but
 *       only where {@code virt_caps} reports paging modes at all: older Xen (before about 4.15)
 *       prints neither word, and then nothing is skipped for want of it.</li>
 * </ul>
 * {@code xen_caps} is used for environments rather than {@code virt_caps}' {@code pv}/{@code hvm},
 * because older Xen has no {@code pv} word there although it runs PV guests.
 */
public final class HostFilter {

    /** The xen_caps word of 64-bit PV guests. */
    public static final String PV64_CAP = "xen-3.0-x86_64";
    /** What an arm64 Xen lists in {@code xen_caps} for 64-bit guests ({@code xen/arch/arm/setup.c}). */
    public static final String ARM64_CAP = "xen-3.0-aarch64";
    /** The xen_caps word of 32-bit PAE PV guests. */
    public static final String PV32PAE_CAP = "xen-3.0-x86_32p";

    private final HostCapabilities caps;

    private HostFilter(HostCapabilities caps) {
        this.caps = caps;
    }

    /**
     * A filter for one host.
     *
     * @throws ConfigurationException when {@code xen_caps} is empty: nothing could be told apart
     */
    public static HostFilter of(HostCapabilities caps) {
        Objects.requireNonNull(caps, "caps");
        if (caps.xenCaps().isEmpty()) {
            throw new ConfigurationException("the host's xl info reported no xen_caps (Xen " + caps.xenVersion()
                    + "): cannot tell which environments it runs");
        }
        return new HostFilter(caps);
    }

    /**
     * Why the host cannot run an instance, or empty if it can.
     *
     * @return e.g. {@code host cannot run pv32pae: xen_caps lacks xen-3.0-x86_32p}
     */
    public Optional<Unsupported> check(TestInstance instance) {
        Environment env = instance.environment();
        String needed = null;
        String where = "xen_caps";
        if (env.arch() == Arch.ARM64 && !caps.xenCaps().contains(ARM64_CAP)) {
            needed = ARM64_CAP;
        } else if (env == Environment.PV64 && !caps.xenCaps().contains(PV64_CAP)) {
            needed = PV64_CAP;
        } else if (env == Environment.PV32PAE && !caps.xenCaps().contains(PV32PAE_CAP)) {
            needed = PV32PAE_CAP;
        } else if (env.isHvm() && caps.xenCaps().stream().noneMatch(c -> c.startsWith("hvm"))) {
            needed = env == Environment.HVM64
                    ? "hvm-3.0-x86_64"
                    : env == Environment.HVM32PAE ? "hvm-3.0-x86_32p" : "hvm-3.0-x86_32";
        }
        if (needed != null) {
            return Optional.of(new Unsupported(
                    instance, where + " " + needed, "host cannot run " + env.id() + ": xen_caps lacks " + needed));
        }
        Optional<String> variation = instance.variation().filter(v -> v.equals("hap") || v.equals("shadow"));
        boolean pagingReported =
                caps.virtCaps().contains("hap") || caps.virtCaps().contains("shadow");
        if (variation.isPresent() && pagingReported && !caps.virtCaps().contains(variation.get())) {
            return Optional.of(new Unsupported(
                    instance,
                    "virt_caps " + variation.get(),
                    "host cannot run " + instance.name() + ": virt_caps lacks " + variation.get()));
        }
        return Optional.empty();
    }

    /** Splits instances, keeping their order in both lists. */
    public Split split(List<TestInstance> instances) {
        List<TestInstance> runnable = new ArrayList<>();
        List<Unsupported> unsupported = new ArrayList<>();
        for (TestInstance i : instances) {
            Optional<Unsupported> u = check(i);
            if (u.isPresent()) {
                unsupported.add(u.get());
            } else {
                runnable.add(i);
            }
        }
        return new Split(runnable, unsupported);
    }

    /**
     * The two halves of a selection.
     *
     * @param runnable what the host can run, in order
     * @param unsupported what it cannot, in order
     */
    public record Split(List<TestInstance> runnable, List<Unsupported> unsupported) {

        public Split {
            runnable = List.copyOf(runnable);
            unsupported = List.copyOf(unsupported);
        }
    }

    /**
     * An instance the host cannot run.
     *
     * @param instance the instance
     * @param missing the missing capability, e.g. {@code xen_caps xen-3.0-x86_32p}
     * @param reason one line for people
     */
    public record Unsupported(TestInstance instance, String missing, String reason) {

        public Unsupported {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(missing, "missing");
            Objects.requireNonNull(reason, "reason");
        }

        /** The SKIP outcome it is reported with. */
        public Outcome outcome() {
            return Outcome.of(Verdict.SKIP, Cause.HOST_UNSUPPORTED, reason);
        }
    }
}
