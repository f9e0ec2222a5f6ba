package org.xtfharness.boot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
        Optional<Efi> efi) {

    public static final String DEFAULT_QEMU = "qemu-system-x86_64";
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

    public BootOptions {
        Objects.requireNonNull(hypervisor, "hypervisor");
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
        private String qemu = DEFAULT_QEMU;
        private Preset preset = Preset.DEFAULT;
        private Integer memoryMib;
        private Integer cpus;
        private String cpu = DEFAULT_CPU;
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

        public BootOptions build() {
            String words = (preset.xenWords() + " " + xenCmdline).strip();
            return new BootOptions(
                    hypervisor,
                    words,
                    argsFile,
                    qemu,
                    memoryMib != null ? memoryMib : preset.memoryMib(),
                    cpus != null ? cpus : preset.cpus(),
                    cpu,
                    accel,
                    pv32,
                    efi);
        }
    }
}
