package org.xtfharness.catalog;

import java.util.Optional;

/** An XTF test category, as {@code info.json} names it. */
public enum Category {
    FUNCTIONAL("functional", true),
    XSA("xsa", true),
    SPECIAL("special", false),
    UTILITY("utility", false),
    IN_DEVELOPMENT("in-development", false);

    private final String id;
    private final boolean byDefault;

    Category(String id, boolean byDefault) {
        this.id = id;
        this.byDefault = byDefault;
    }

    public String id() {
        return id;
    }

    /** Selected by {@code --all}; the others by {@code --non-default}. */
    public boolean isDefault() {
        return byDefault;
    }

    public static Optional<Category> fromId(String id) {
        for (Category c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
