package org.xtfharness.boot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.catalog.Arch;

/**
 * How boot mode starts Xen under QEMU.
 *
 * @param hypervisor Xen's image: the ELF, or the {@code .gz} a distribution ships (decompressed once)
 * @param xenCmdline extra words for Xen's command line, after the harness's own (console, log levels)
 * @param argsFile per-test Xen arguments, lines {@code TEST: ARGS} (see {@link XenArgs})
 * @param qemu the QEMU program
 * @param memoryMib QEMU's {@code -m} at least (raised where an instance's cfg asks more memory)
 * @param cpus QEMU's {@code -smp} at least (raised where an instance's cfg asks more vCPUs)
 * @param cpu QEMU's {@code -cpu}; the default lets TCG offer HAP (a PVH dom0 needs it) and keeps
 *     features Debian's Xen 4.17 trips over under TCG off
 * @param accel QEMU's accelerator
 * @param pv32 whether the hypervisor has 32-bit PV (CONFIG_PV32), where the image does not say
 *     itself ({@link XenBuild}); Debian's Xen is built without it
 * @param efi boot through UEFI firmware with Xen's EFI image ({@code xen.efi}) rather than
 *     QEMU's multiboot loader with Xen's ELF
 * @param arch the architecture of Xen and the tests: x86_64 (QEMU's multiboot loader or EFI) or
 *     arm64 (QEMU's {@code virt} machine booting Xen's {@code Image} directly, no firmware)
 * @param placement where the test runs on arm64: a dom0less domU (Xen's CI's way) or the initial
 *     domain; x86_64 has the initial domain only
 * @param gicVersion arm64: the {@code virt} machine's GIC, 2 (as Xen's CI) or 3
 */
public record BootOptions(
        Path hypervisor,
        String xenCmdline,
        Optional<Path> argsFile,
        String qemu,
        int memoryMib,
        int cpus,
        String cpu,
        Accel accel,
        boolean pv32,
        Optional<Efi> efi,
        Arch arch,
        Placement placement,
        int gicVersion) {

    public static final String DEFAULT_QEMU = "qemu-system-x86_64";
    /** QEMU for arm64 (Debian's {@code qemu-system-arm}). */
    public static final String DEFAULT_QEMU_ARM64 = "qemu-system-aarch64";
    /** Xen's CI's CPU for arm64 ({@code automation/scripts/include/xtf-arm64}). */
    public static final String DEFAULT_CPU_ARM64 = "cortex-a57";
    /** Xen's CI's GIC on arm64: the dumped DTB it boots is {@code virt-gicv2.dtb}. */
    public static final int DEFAULT_GIC_VERSION = 2;

    public static final int DEFAULT_MEMORY_MIB = 512;
    public static final int MAX_MEMORY_MIB = 65536;
    public static final int DEFAULT_CPUS = 1;
    public static final String DEFAULT_CPU = "max,-smap,-rdtscp";

    /** QEMU's accelerator: KVM needs a usable {@code /dev/kvm}, which is checked, never assumed. */
    public enum Accel {
        KVM,
        TCG;

        /** {@code kvm} or {@code tcg}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Where the test runs: the domain Xen builds for it. */
    public enum Placement {
        /** The initial domain (dom0): Xen announces its end ({@code Hardware Dom0 halted...}). */
        DOM0,
        /** The one domain of a dom0less boot, from the device tree; Xen does not announce its end. */
        DOMU;

        /** {@code dom0} or {@code domu}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The placement of that id. */
        public static Optional<Placement> fromId(String id) {
            for (Placement p : values()) {
                if (p.id().equals(id)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    public BootOptions {
        Objects.requireNonNull(hypervisor, "hypervisor");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(placement, "placement");
        if (placement == Placement.DOMU && arch != Arch.ARM64) {
            throw new IllegalArgumentException(
                    "a dom0less domU placement is arm64's; on " + arch.id() + " the test is the initial domain");
        }
        if (gicVersion != 2 && gicVersion != 3) {
            throw new IllegalArgumentException("the GIC version is 2 or 3, not " + gicVersion);
        }
        if (arch == Arch.ARM64 && efi.isPresent()) {
            throw new IllegalArgumentException("arm64 boots Xen's Image directly, without UEFI firmware");
        }
        if (arch == Arch.ARM64 && accel == Accel.KVM) {
            throw new IllegalArgumentException("arm64 runs under TCG here: KVM would need an arm64 host");
        }
        Objects.requireNonNull(argsFile, "argsFile");
        Objects.requireNonNull(accel, "accel");
        xenCmdline = Objects.requireNonNull(xenCmdline, "xenCmdline").strip();
        if (xenCmdline.indexOf('\0') >= 0 || xenCmdline.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("Xen's command line is one line: " + xenCmdline);
        }
        if (Objects.requireNonNull(qemu, "qemu").isBlank()) {
            throw new IllegalArgumentException("the QEMU program is empty");
        }
        if (memoryMib < 64 || memoryMib > MAX_MEMORY_MIB) {
            throw new IllegalArgumentException(
                    "QEMU memory must be 64 to " + MAX_MEMORY_MIB + " MiB, not " + memoryMib);
        }
        if (cpus < 1 || cpus > BootPlan.MAX_CPUS) {
            throw new IllegalArgumentException("QEMU CPUs must be 1 to " + BootPlan.MAX_CPUS + ", not " + cpus);
        }
        Objects.requireNonNull(efi, "efi");
        if (Objects.requireNonNull(cpu, "cpu").isBlank() || cpu.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("not a QEMU CPU model: '" + cpu + "'");
        }
    }

    /**
     * UEFI firmware for the EFI boot path: OVMF's code, read-only, and its variable store, copied
     * per instance (the firmware writes it).
     *
     * @param code e.g. {@code /usr/share/OVMF/OVMF_CODE_4M.fd}
     * @param varsTemplate e.g. {@code /usr/share/OVMF/OVMF_VARS_4M.fd}, never written
     */
    public record Efi(Path code, Path varsTemplate) {

        /** Debian's {@code ovmf} package. */
        public static final Efi OVMF =
                new Efi(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"));

        public Efi {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(varsTemplate, "varsTemplate");
        }
    }

    /**
     * A machine shape: QEMU's memory and CPUs and Xen's words, where the user gives none of their own.
     */
    public enum Preset {
        /** Boot mode's own: small and quick, one CPU. */
        DEFAULT("default", DEFAULT_MEMORY_MIB, DEFAULT_CPUS, ""),
        /**
         * As Xen's GitLab CI boots XTF ({@code automation/scripts/qemu-xtf.sh} and {@code
         * include/xtf-x86-64}): {@code -m 2048 -smp 2}, Xen's {@code loglvl=all noreboot
         * console_timestamps=boot console=com1}.
         */
        XEN_CI("xen-ci", 2048, 2, "loglvl=all noreboot console_timestamps=boot console=com1");

        private final String id;
        private final int memoryMib;
        private final int cpus;
        private final String xenWords;

        Preset(String id, int memoryMib, int cpus, String xenWords) {
            this.id = id;
            this.memoryMib = memoryMib;
            this.cpus = cpus;
            this.xenWords = xenWords;
        }

        /** {@code xen-ci}. */
        public String id() {
            return id;
        }

        public int memoryMib() {
            return memoryMib;
        }

        public int cpus() {
            return cpus;
        }

        /** Xen's words, before the user's own. */
        public String xenWords() {
            return xenWords;
        }

        /**
         * Xen's words for an architecture: arm64's Xen CI line is {@code loglvl=all noreboot
         * console_timestamps=boot console=dtuart} ({@code include/xtf-arm64}).
         */
        public String xenWords(Arch arch) {
            return arch == Arch.ARM64 ? xenWords.replace("console=com1", "console=dtuart") : xenWords;
        }

        /** The preset of that id. */
        public static Optional<Preset> fromId(String id) {
            for (Preset p : values()) {
                if (p.id.equals(id)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    public static Builder builder(Path hypervisor) {
        return new Builder(hypervisor);
    }

    /** Builds {@link BootOptions}; everything but the hypervisor has a default. */
    public static final class Builder {
        private final Path hypervisor;
        private String xenCmdline = "";
        private Optional<Path> argsFile = Optional.empty();
        private String qemu;
        private Preset preset = Preset.DEFAULT;
        private Integer memoryMib;
        private Integer cpus;
        private String cpu;
        private Arch arch = Arch.X86_64;
        private Placement placement;
        private int gicVersion = DEFAULT_GIC_VERSION;
        private Accel accel = Accel.TCG;
        private boolean pv32;
        private Optional<Efi> efi = Optional.empty();

        private Builder(Path hypervisor) {
            this.hypervisor = hypervisor;
        }

        public Builder xenCmdline(String words) {
            this.xenCmdline = words;
            return this;
        }

        public Builder argsFile(Path file) {
            this.argsFile = Optional.of(file);
            return this;
        }

        public Builder qemu(String program) {
            this.qemu = program;
            return this;
        }

        /** The machine shape whose memory, CPUs and Xen words apply where none are given. */
        public Builder preset(Preset p) {
            this.preset = Objects.requireNonNull(p, "preset");
            return this;
        }

        public Builder memoryMib(int mib) {
            this.memoryMib = mib;
            return this;
        }

        public Builder cpus(int n) {
            this.cpus = n;
            return this;
        }

        /** Boots through UEFI firmware: the hypervisor is then Xen's EFI image. */
        public Builder efi(Efi firmware) {
            this.efi = Optional.of(firmware);
            return this;
        }

        public Builder cpu(String model) {
            this.cpu = model;
            return this;
        }

        public Builder accel(Accel a) {
            this.accel = a;
            return this;
        }

        public Builder pv32(boolean has) {
            this.pv32 = has;
            return this;
        }

        /**
         * The architecture (default x86_64): it chooses QEMU, its CPU and, on arm64, Xen CI's
         * machine size (2048 MiB, 2 CPUs) where none is given. {@link BootHosts#archOf} reads it
         * from an image.
         */
        public Builder arch(Arch a) {
            this.arch = Objects.requireNonNull(a, "arch");
            return this;
        }

        /** Where the test runs (default: a dom0less domU on arm64, the initial domain on x86_64). */
        public Builder placement(Placement p) {
            this.placement = Objects.requireNonNull(p, "placement");
            return this;
        }

        /** arm64: the GIC version (default 2). */
        public Builder gicVersion(int version) {
            this.gicVersion = version;
            return this;
        }

        public BootOptions build() {
            boolean arm = arch == Arch.ARM64;
            String words = (preset.xenWords(arch) + " " + xenCmdline).strip();
            // arm64's smallest shape is Xen CI's: the virt machine's RAM starts at 1 GiB, and Xen's
            // CI boots it with -m 2048 -smp 2 whatever the preset.
            int mib = memoryMib != null ? memoryMib : arm ? Preset.XEN_CI.memoryMib() : preset.memoryMib();
            int n = cpus != null ? cpus : arm ? Preset.XEN_CI.cpus() : preset.cpus();
            return new BootOptions(
                    hypervisor,
                    words,
                    argsFile,
                    qemu != null ? qemu : arm ? DEFAULT_QEMU_ARM64 : DEFAULT_QEMU,
                    mib,
                    n,
                    cpu != null ? cpu : arm ? DEFAULT_CPU_ARM64 : DEFAULT_CPU,
                    accel,
                    pv32,
                    efi,
                    arch,
                    placement != null ? placement : arm ? Placement.DOMU : Placement.DOM0,
                    gicVersion);
        }
    }
}
