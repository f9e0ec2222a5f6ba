package org.xtfharness.xenrt;

import java.util.Objects;

/**
 * Where an instance's result goes in XenRT: {@code testcaseResult(group, testcase, ...)}.
 *
 * @param group the subcase group, e.g. {@code pv64}
 * @param testcase the subcase name, e.g. {@code fpu-exception-emulation~exn}
 */
public record Subcase(String group, String testcase) {

    public Subcase {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(testcase, "testcase");
        if (group.isEmpty() || testcase.isEmpty()) {
            throw new IllegalArgumentException("a XenRT subcase needs a group and a name: " + group + "/" + testcase);
        }
    }
}
