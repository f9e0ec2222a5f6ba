package org.xtfharness.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xtfharness.catalog.Arch;
import org.xtfharness.catalog.Environment;

/**
 * How one instance boots: Xen's command line, the initial domain's (the test's own), and the
 * machine QEMU gives Xen, from the options, the image's build and the instance's cfg, as an xl
 * host would honour that cfg. What an initial domain cannot be given is a reason to SKIP ({@link
 * #unrunnable}), never silently dropped.
 *
 * @param xenCmdline Xen's command line, word groups in order (later ones win in Xen)
 * @param dom0Cmdline the test's command line, empty if none
 * @param cpus QEMU's {@code -smp}
 * @param memoryMib QEMU's {@code -m}
 * @param guestMib the test domain's memory
 * @param guestVcpus the test domain's vCPUs
 */
record BootPlan(List<String> xenCmdline, String dom0Cmdline, int cpus, int memoryMib, int guestMib, int guestVcpus) {

    /** Xen on the first serial port, every message. */
    static final String BASE_CMDLINE = "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all";
    /**
     * arm64: Xen on the UART the device tree's {@code stdout-path} names, every message; {@code
     * conswitch=ax} keeps the serial input with Xen so a domU's vpl011 lines carry their {@code
     * DOM1: } prefix on 4.20 too ({@link SerialProtocols#domU}); {@code console_timestamps=boot}
     * puts a stamp on every line, so a test's own line that starts like one is never taken for it.
     */
    static final String ARM64_BASE_CMDLINE =
            "console=dtuart loglvl=all guest_loglvl=all conswitch=ax console_timestamps=boot";
    /** An HVM test boots as a PVH initial domain, as in Xen's CI (include/xtf-runner). */
    static final String PVH_CMDLINE = "dom0=pvh dom0-iommu=none";
    /** The same with shadow paging ({@code dom0=} in xen/arch/x86/dom0_build.c), for a cfg's {@code hap=0}. */
    static final String PVH_SHADOW_CMDLINE = "dom0=pvh,shadow dom0-iommu=none";
    /** The initial domain's size when the cfg gives none (every XTF cfg does: 128). */
    static final int DEFAULT_DOM0_MIB = 64;
    /** What QEMU's memory must hold beyond the initial domain: Xen itself and its heap. */
    static final int XEN_MIB = 256;
    /** The most vCPUs boot mode gives (QEMU's and Xen's limits are far above; no XTF test asks near it). */
    static final int MAX_CPUS = 64;

    /**
     * Keys an xl host would act on that mean nothing for boot mode's initial domain, or that it has
     * anyway: naming, the binary, the domain's kind and end actions (boot mode sees every end),
     * sizes honoured here, and event channels (the hardware domain's are not limited).
     */
    private static final Set<String> HONOURED = Set.of(
            "name",
            "type",
            "builder",
            "loader",
            "kernel",
            "firmware_override",
            "cmdline",
            "extra",
            "vcpus",
            "memory",
            "hap",
            "max_event_channels",
            "on_poweroff",
            "on_reboot",
            "on_crash",
            "on_watchdog");
    /** HVM-only keys xl ignores for a PV guest (libxl applies them to HVM domains only). */
    private static final Set<String> HVM_ONLY = Set.of("viridian", "nestedhvm", "hap", "shadow_memory");

    BootPlan {
        xenCmdline = List.copyOf(xenCmdline);
    }

    /** Xen's command line as one string. */
    String xenLine() {
        return String.join(" ", xenCmdline);
    }

    /**
     * Why boot mode cannot give the instance what its cfg asks, if it cannot.
     *
     * @param env the instance's environment
     * @param cfg its cfg
     * @param build what the image was built with
     * @param accel the accelerator the instance would run under
     */
    static Optional<String> unrunnable(Environment env, BootCfg cfg, XenBuild build, BootOptions options) {
        BootOptions.Accel accel = options.accel();
        if (env.arch() != options.arch()) {
            return Optional.of("a " + env.arch().id() + " test, and this boot mode runs "
                    + options.arch().id() + " (--arch, or what the Xen image is)");
        }
        String where = build.version().map(v -> "Xen " + v).orElse("this Xen image");
        if (env == Environment.PV32PAE && build.has("CONFIG_PV32").equals(Optional.of(false))) {
            return Optional.of(where + " is built without 32-bit PV (its embedded .config: CONFIG_PV32 is not set)");
        }
        if (env.isHvm() && build.has("CONFIG_HVM").equals(Optional.of(false))) {
            return Optional.of(where + " is built without HVM (CONFIG_HVM is not set): no PVH initial domain");
        }
        if (env.isHvm()
                && cfg.hap().equals(Optional.of(false))
                && build.has("CONFIG_SHADOW_PAGING").equals(Optional.of(false))) {
            return Optional.of("hap=0 asks for shadow paging, and " + where
                    + " is built without it (CONFIG_SHADOW_PAGING is not set): dom0=pvh,shadow cannot be had");
        }
        if (env == Environment.HVM32PAE && accel == BootOptions.Accel.TCG) {
            // Measured (lab notes; docs/boot-mode.md): the guest's first CPUID exits to Xen and is
            // resumed at the same instruction, endlessly, under QEMU's TCG SVM; the same binary as
            // an xl domU hangs alike. No verdict could come of it but a timeout.
            return Optional.of("hvm32pae does not run under QEMU's TCG (its first CPUID is re-executed endlessly, "
                    + "as a PVH initial domain and as an xl domU alike): a known emulation limit; use --accel kvm");
        }
        List<String> notGiven = new ArrayList<>();
        for (var e : cfg.keys().entrySet()) {
            String key = e.getKey();
            boolean vuart = key.equals("vuart")
                    && options.placement() == BootOptions.Placement.DOMU
                    && e.getValue().replace("\"", "").replace("'", "").strip().equals("sbsa_uart");
            if (HONOURED.contains(key) || env.isPv() && HVM_ONLY.contains(key) || neutral(key, e.getValue()) || vuart) {
                continue;
            }
            notGiven.add(key + "=" + e.getValue());
        }
        if (!notGiven.isEmpty()) {
            return Optional.of(
                    "its cfg sets " + String.join(", ", notGiven) + ", which boot mode cannot give an initial domain");
        }
        int vcpus = cfg.vcpus().orElse(1);
        if (vcpus < 1 || vcpus > MAX_CPUS) {
            return Optional.of("its cfg asks vcpus=" + vcpus + "; boot mode gives 1 to " + MAX_CPUS);
        }
        int mib = cfg.memoryMib().orElse(DEFAULT_DOM0_MIB);
        if (mib < 1 || mib + XEN_MIB > BootOptions.MAX_MEMORY_MIB) {
            return Optional.of("its cfg asks memory=" + mib + "; boot mode gives 1 to "
                    + (BootOptions.MAX_MEMORY_MIB - XEN_MIB) + " MiB");
        }
        return Optional.empty();
    }

    /** A key set to its off value asks nothing ({@code viridian = 0}, {@code nestedhvm=0}). */
    private static boolean neutral(String key, String value) {
        String v = value.replace("\"", "").replace("'", "").strip();
        return (key.equals("viridian") || key.equals("nestedhvm"))
                && (v.equals("0") || v.equals("false") || v.equals("[]") || v.equals("[ ]"));
    }

    /**
     * The boot of an instance that is not {@link #unrunnable}.
     *
     * @param options boot mode's options
     * @param env the instance's environment
     * @param perTest Xen's per-test words for it ({@link XenArgs}), if any
     * @param cfg its cfg
     */
    static BootPlan of(BootOptions options, Environment env, Optional<String> perTest, BootCfg cfg) {
        int vcpus = cfg.vcpus().orElse(1);
        int dom0Mib = cfg.memoryMib().orElse(DEFAULT_DOM0_MIB);
        List<String> xen = new ArrayList<>();
        if (options.arch() == Arch.ARM64) {
            xen.add(ARM64_BASE_CMDLINE);
            if (options.placement() == BootOptions.Placement.DOM0) {
                // Arm's dom0_mem takes a size only (xen/arch/arm/domain_build.c).
                xen.add("dom0_mem=" + dom0Mib + "M dom0_max_vcpus=" + vcpus);
            }
        } else {
            xen.add(BASE_CMDLINE);
            xen.add("dom0_mem=" + dom0Mib + "M,max:" + dom0Mib + "M dom0_max_vcpus=" + vcpus);
            if (env.isHvm()) {
                xen.add(cfg.hap().equals(Optional.of(false)) ? PVH_SHADOW_CMDLINE : PVH_CMDLINE);
            }
        }
        if (!options.xenCmdline().isEmpty()) {
            xen.add(options.xenCmdline());
        }
        perTest.filter(a -> !a.isBlank()).ifPresent(xen::add);
        return new BootPlan(
                xen,
                cfg.cmdline(),
                Math.max(options.cpus(), vcpus),
                Math.max(options.memoryMib(), dom0Mib + XEN_MIB),
                dom0Mib,
                vcpus);
    }
}
