package org.xtfharness.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's argv for one instance, through either boot path, and the files the EFI path boots from.
 * Every path given to QEMU lies in the instance's own directory (boot mode names them), except the
 * hypervisor and the firmware, whose commas are doubled where QEMU would split at them.
 */
final class QemuArgv {

    /** arm64's initial domain's command line when its cfg gives none: a word no XTF option reads. */
    static final String NO_DOM0_ARGS = "xtf-harness";

    /** The test binary's name in the instance's directory, and on the ESP. */
    static final String DOM0 = "dom0";
    /** Where UEFI firmware looks for a removable disk's loader, and Xen for its config beside it. */
    static final String ESP_BOOT_DIR = "EFI/BOOT";

    private QemuArgv() {}

    /** What every boot path shares: accelerator, CPU, the machine's size, no display, the serial log. */
    private static List<String> common(BootOptions o, BootPlan plan, Path serial) {
        return new ArrayList<>(List.of(
                o.qemu(),
                "-accel",
                o.accel().id(),
                "-cpu",
                o.cpu(),
                "-m",
                Integer.toString(plan.memoryMib()),
                "-smp",
                Integer.toString(plan.cpus()),
                "-no-reboot",
                "-display",
                "none",
                "-monitor",
                "none",
                "-serial",
                "file:" + serial));
    }

    /**
     * Through QEMU's multiboot loader: Xen's ELF as the kernel, the test binary as the one module,
     * the test's command line after the module's name (Xen gives the initial domain the module
     * string after the image name). QEMU splits {@code -initrd} at commas, so the test's commas
     * are doubled, and the binary is the plain-named link {@code dom0} beside it.
     */
    static List<String> multiboot(BootOptions o, Path xen, BootPlan plan, Path serial, Path dom0) {
        List<String> argv = common(o, plan, serial);
        String module = dom0.toString().replace(",", ",,");
        if (!plan.dom0Cmdline().isEmpty()) {
            module += " " + plan.dom0Cmdline().replace(",", ",,");
        }
        argv.addAll(List.of("-kernel", xen.toString(), "-append", plan.xenLine(), "-initrd", module));
        return argv;
    }

    /**
     * Through UEFI firmware (as Xen's CI job {@code qemu-smoke-x86_64-gcc-efi}): a q35 machine,
     * OVMF's code read-only and the instance's own copy of its variables as flash, and the ESP
     * directory as a FAT disk QEMU builds from it, writable as in Xen's CI ({@code fat:rw:}): QEMU's
     * IDE disk refuses a read-only one ("Block node is read-only"). Xen never writes its ESP, and
     * what a guest could write lands in the instance's own directory, removed with it.
     */
    static List<String> efi(BootOptions o, BootOptions.Efi firmware, BootPlan plan, Path serial, Path vars, Path esp) {
        List<String> argv = common(o, plan, serial);
        argv.addAll(List.of(
                "-M",
                "q35",
                "-drive",
                "if=pflash,format=raw,unit=0,readonly=on,file=" + drivePath(firmware.code()),
                "-drive",
                "if=pflash,format=raw,unit=1,file=" + drivePath(vars),
                "-drive",
                "file=fat:rw:" + drivePath(esp) + ",format=raw,media=disk,if=ide"));
        return argv;
    }

    /**
     * arm64: QEMU's {@code virt} machine as Xen's CI shapes it ({@code include/xtf-arm64}: {@code
     * virtualization=true}, so Xen runs at EL2), with the GIC asked for.
     */
    static String virtMachine(BootOptions o) {
        return "virt,virtualization=true,gic-version=" + o.gicVersion();
    }

    /** What both arm64 boots share: the machine, then {@link #common}. */
    private static List<String> arm64(BootOptions o, BootPlan plan, Path serial) {
        List<String> argv = common(o, plan, serial);
        argv.addAll(1, List.of("-M", virtMachine(o)));
        return argv;
    }

    /**
     * arm64: QEMU writes the device tree it would give the machine of this shape ({@code
     * -machine dumpdtb=}, then exits), which the dom0less tree is made from ({@link Dom0less}).
     */
    static List<String> arm64DumpDtb(BootOptions o, BootPlan plan, Path dtb) {
        return List.of(
                o.qemu(),
                "-accel",
                o.accel().id(),
                "-M",
                virtMachine(o) + ",dumpdtb=" + drivePath(dtb),
                "-cpu",
                o.cpu(),
                "-m",
                Integer.toString(plan.memoryMib()),
                "-smp",
                Integer.toString(plan.cpus()),
                "-display",
                "none");
    }

    /**
     * arm64, the test as a dom0less domU: Xen's {@code Image} as the kernel, booted directly (no
     * firmware), the device tree with Xen's {@code /chosen} nodes, and the test binary placed in
     * RAM as it is by QEMU's generic loader where the tree's module node says.
     */
    static List<String> arm64DomU(BootOptions o, Path xen, BootPlan plan, Path serial, Path dtb, Path kernel) {
        List<String> argv = arm64(o, plan, serial);
        argv.addAll(List.of(
                "-kernel",
                xen.toString(),
                "-dtb",
                dtb.toString(),
                "-device",
                "loader,file=" + drivePath(kernel) + ",addr=0x" + Long.toHexString(Dom0less.KERNEL_ADDRESS)
                        + ",force-raw=on"));
        return argv;
    }

    /**
     * arm64, the test as the initial domain: QEMU's {@code guest-loader} places it and adds its
     * module node (with the test's command line as {@code bootargs}) to the tree QEMU makes; Xen's
     * command line is {@code -append}.
     */
    static List<String> arm64Dom0(BootOptions o, Path xen, BootPlan plan, Path serial, Path kernel) {
        List<String> argv = arm64(o, plan, serial);
        // The module's bootargs are never empty: without them Xen takes /chosen/bootargs (QEMU's
        // -append) as dom0's command line and boots with none of its own (boot_fdt_cmdline() in
        // xen/arch/arm/bootfdt.c, 4.17; xen/common/device-tree/bootfdt.c, 4.20).
        String args = plan.dom0Cmdline().isEmpty() ? NO_DOM0_ARGS : plan.dom0Cmdline();
        String loader = "guest-loader,addr=0x" + Long.toHexString(Dom0less.KERNEL_ADDRESS) + ",kernel="
                + drivePath(kernel) + ",bootargs=" + args.replace(",", ",,");
        argv.addAll(List.of("-kernel", xen.toString(), "-append", plan.xenLine(), "-device", loader));
        return argv;
    }

    /** A path as a {@code -drive} option's value: QEMU's option parser takes {@code ,,} for a comma. */
    static String drivePath(Path p) {
        return p.toString().replace(",", ",,");
    }

    /**
     * Fills the ESP directory: Xen's EFI image as the removable-disk loader {@code
     * EFI/BOOT/BOOTX64.EFI}, the test binary beside it, and {@code BOOTX64.cfg}, which Xen's EFI
     * loader reads from its own directory ({@code xen/common/efi/boot.c}: the image's name with
     * {@code .cfg}): section {@code [test]} chosen by {@code [global] default=}, Xen's command
     * line as {@code options=}, the binary and the test's command line as {@code kernel=}.
     */
    static void writeEsp(Path esp, Path xenEfi, Path binary, BootPlan plan) throws IOException {
        Path boot = Files.createDirectories(esp.resolve(ESP_BOOT_DIR));
        Files.copy(xenEfi, boot.resolve("BOOTX64.EFI"));
        Files.copy(binary, boot.resolve(DOM0));
        String kernel = DOM0 + (plan.dom0Cmdline().isEmpty() ? "" : " " + plan.dom0Cmdline());
        String cfg = "[global]\ndefault=test\n\n[test]\noptions=" + plan.xenLine() + "\nkernel=" + kernel + "\n";
        Files.writeString(boot.resolve("BOOTX64.cfg"), cfg, StandardCharsets.US_ASCII);
    }
}
