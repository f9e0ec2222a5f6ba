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
 * @param memoryMib QEMU's {@code -m}
 * @param cpu QEMU's {@code -cpu}; the default lets TCG offer HAP (a PVH dom0 needs it) and keeps
 *     features Debian's Xen 4.17 trips over under TCG off
 * @param accel QEMU's accelerator
 * @param pv32 whether the hypervisor has 32-bit PV (CONFIG_PV32); Debian's Xen is built without it
 */
public record BootOptions(
        Path hypervisor,
        String xenCmdline,
        Optional<Path> argsFile,
        String qemu,
        int memoryMib,
        String cpu,
        Accel accel,
        boolean pv32) {

    public static final String DEFAULT_QEMU = "qemu-system-x86_64";
    public static final int DEFAULT_MEMORY_MIB = 512;
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
        if (memoryMib < 64 || memoryMib > 65536) {
            throw new IllegalArgumentException("QEMU memory must be 64 to 65536 MiB, not " + memoryMib);
        }
        if (Objects.requireNonNull(cpu, "cpu").isBlank() || cpu.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("not a QEMU CPU model: '" + cpu + "'");
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
        private int memoryMib = DEFAULT_MEMORY_MIB;
        private String cpu = DEFAULT_CPU;
        private Accel accel = Accel.TCG;
        private boolean pv32;

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

        public Builder memoryMib(int mib) {
            this.memoryMib = mib;
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
            return new BootOptions(hypervisor, xenCmdline, argsFile, qemu, memoryMib, cpu, accel, pv32);
        }
    }
}
