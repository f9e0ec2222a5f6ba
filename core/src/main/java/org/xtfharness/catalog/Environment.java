package org.xtfharness.catalog;

import java.util.Optional;

/**
 * An XTF environment: how the test kernel is built and run. The x86 ones are upstream XTF's; {@code
 * mmu64le} is the arm64 one, named as xen.git's CI names it ({@code automation/scripts/include/xtf-arm64}:
 * {@code XTF_SRC_VARIANTS="mmu64le"}, binaries {@code tests/NAME/test-mmu64le-NAME} from the arm
 * fork of XTF): a 64-bit little-endian guest with the MMU, neither PV nor HVM in x86's sense.
 */
public enum Environment {
    PV64("pv64", "PV 64bit (Long mode 4 levels)", true, Arch.X86_64),
    PV32PAE("pv32pae", "PV 32bit (PAE 3 levels)", true, Arch.X86_64),
    HVM64("hvm64", "HVM 64bit (Long mode 4 levels)", false, Arch.X86_64),
    HVM32PAE("hvm32pae", "HVM 32bit (PAE 3 levels)", false, Arch.X86_64),
    HVM32PSE("hvm32pse", "HVM 32bit (PSE 2 levels)", false, Arch.X86_64),
    HVM32("hvm32", "HVM 32bit (No paging)", false, Arch.X86_64),
    MMU64LE("mmu64le", "ARM64 LE MMU", false, Arch.ARM64);

    private final String id;
    private final String banner;
    private final boolean pv;
    private final Arch arch;

    Environment(String id, String banner, boolean pv, Arch arch) {
        this.id = id;
        this.banner = banner;
        this.pv = pv;
        this.arch = arch;
    }

    /** The architecture its binaries run on. */
    public Arch arch() {
        return arch;
    }

    /** The short name used in instance names and on the command line: {@code pv64}. */
    public String id() {
        return id;
    }

    /** What the guest prints after {@code Environment: }. */
    public String banner() {
        return banner;
    }

    public boolean isPv() {
        return pv;
    }

    /** An x86 HVM environment (booted as PVH in boot mode); never an arm64 one. */
    public boolean isHvm() {
        return !pv && arch == Arch.X86_64;
    }

    public static Optional<Environment> fromId(String id) {
        for (Environment e : values()) {
            if (e.id.equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
