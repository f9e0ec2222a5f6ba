package org.xtfharness.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * The architecture an XTF environment's binaries run on, and a Xen host or boot-mode image is
 * built for: its id is what {@code --arch} takes and xen.git's {@code automation/scripts/qemu-xtf.sh}
 * takes first ({@code x86_64}, {@code arm64}).
 */
public enum Arch {
    X86_64,
    ARM64;

    /** {@code x86_64} or {@code arm64}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The architecture of that id. */
    public static Optional<Arch> fromId(String id) {
        for (Arch a : values()) {
            if (a.id().equals(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
