package org.xtfharness.catalog;

import java.util.Optional;

/** An XTF environment: how the test kernel is built and run. */
public enum Environment {
    PV64("pv64", "PV 64bit (Long mode 4 levels)", true),
    PV32PAE("pv32pae", "PV 32bit (PAE 3 levels)", true),
    HVM64("hvm64", "HVM 64bit (Long mode 4 levels)", false),
    HVM32PAE("hvm32pae", "HVM 32bit (PAE 3 levels)", false),
    HVM32PSE("hvm32pse", "HVM 32bit (PSE 2 levels)", false),
    HVM32("hvm32", "HVM 32bit (No paging)", false);

    private final String id;
    private final String banner;
    private final boolean pv;

    Environment(String id, String banner, boolean pv) {
        this.id = id;
        this.banner = banner;
        this.pv = pv;
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

    public boolean isHvm() {
        return !pv;
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
