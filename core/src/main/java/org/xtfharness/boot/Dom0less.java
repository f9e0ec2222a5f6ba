package org.xtfharness.boot;

import java.util.List;

/**
 * The device tree of a dom0less boot (xen.git {@code docs/misc/arm/device-tree/booting.txt},
 * "Dom0less"): QEMU's own tree for the machine, with Xen's command line and one domain node
 * under {@code /chosen}, as xen.git's CI has imagebuilder write it for {@code
 * qemu-xtf-dom0less-arm64-*} ({@code DOMU_KERNEL[0]}, {@code DOMU_MEM[0]=128}, {@code NUM_DOMUS=1}).
 * The test binary is placed in guest memory by QEMU ({@code -device loader}) at {@link
 * #KERNEL_ADDRESS}; its module node's {@code reg} gives that address and the binary's real size.
 */
final class Dom0less {

    /** Where QEMU's loader puts the test binary: in RAM (from 0x40000000), clear of Xen and the DTB. */
    static final long KERNEL_ADDRESS = 0x50000000L;
    /** The domain node's name under {@code /chosen}. */
    static final String DOMAIN_NODE = "domU1";
    /** Far above any XTF binary; the binary must also end below the top of the 2 GiB RAM. */
    static final long MAX_KERNEL_BYTES = 256L << 20;

    private Dom0less() {}

    /**
     * QEMU's tree with Xen's {@code /chosen} nodes added.
     *
     * @param dumped QEMU's tree for the exact machine shape ({@code -machine dumpdtb=})
     * @param xenBootargs Xen's command line ({@code xen,xen-bootargs})
     * @param memoryMib the domain's memory
     * @param vcpus its vCPUs
     * @param kernelBytes the test binary's size
     * @param bootargs the test's command line, empty for none
     */
    static Fdt.Tree tree(
            Fdt.Tree dumped, String xenBootargs, int memoryMib, int vcpus, long kernelBytes, String bootargs) {
        if (kernelBytes <= 0 || kernelBytes > MAX_KERNEL_BYTES) {
            throw new IllegalArgumentException(
                    "a test binary of " + kernelBytes + " bytes (boot mode places 1 to " + MAX_KERNEL_BYTES + ")");
        }
        Fdt.Node module = new Fdt.Node(
                "module@" + Long.toHexString(KERNEL_ADDRESS),
                bootargs.isEmpty()
                        ? List.of(
                                Fdt.Property.strings("compatible", "multiboot,kernel", "multiboot,module"),
                                Fdt.Property.cells("reg", 0, KERNEL_ADDRESS, 0, kernelBytes))
                        : List.of(
                                Fdt.Property.strings("compatible", "multiboot,kernel", "multiboot,module"),
                                Fdt.Property.cells("reg", 0, KERNEL_ADDRESS, 0, kernelBytes),
                                Fdt.Property.strings("bootargs", bootargs)),
                List.of());
        // The reg cells follow the domain node's own #address-cells and #size-cells (2 and 2).
        Fdt.Node domain = new Fdt.Node(
                DOMAIN_NODE,
                List.of(
                        Fdt.Property.strings("compatible", "xen,domain"),
                        Fdt.Property.cells("#address-cells", 2),
                        Fdt.Property.cells("#size-cells", 2),
                        Fdt.Property.cells("memory", 0, (long) memoryMib * 1024),
                        Fdt.Property.cells("cpus", vcpus),
                        Fdt.Property.flag("vpl011")),
                List.of(module));
        Fdt.Node root = dumped.root();
        Fdt.Node chosen = root.child("chosen").orElse(new Fdt.Node("chosen", List.of(), List.of()));
        chosen = chosen.withProperty(Fdt.Property.strings("xen,xen-bootargs", xenBootargs))
                .withChild(domain);
        return new Fdt.Tree(dumped.reserved(), dumped.bootCpu(), root.withChild(chosen));
    }
}
