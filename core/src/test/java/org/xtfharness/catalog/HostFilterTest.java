package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Verdict;

class HostFilterTest {

    private static final String ROOT = "/xtf";

    private static final Catalogue CATALOGUE = Catalogues.xtfTree(
            new InMemoryTree()
                    .test(
                            ROOT,
                            "selftest",
                            "functional",
                            List.of("pv64", "pv32pae", "hvm64", "hvm32pae", "hvm32pse", "hvm32"),
                            List.of())
                    .test(ROOT, "paging", "functional", List.of("hvm64"), List.of("hap", "shadow", "other")),
            ROOT);

    private static final Set<String> ALL_XEN_CAPS =
            Set.of("xen-3.0-x86_64", "xen-3.0-x86_32p", "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64");

    private static HostFilter.Split split(Set<String> xenCaps, Set<String> virtCaps) {
        return HostFilter.of(new HostCapabilities("4.17.3", xenCaps, virtCaps)).split(CATALOGUE.instances());
    }

    private static List<String> skipped(HostFilter.Split s) {
        return s.unsupported().stream().map(u -> u.instance().name()).toList();
    }

    @Test
    void fullHostRunsEverything() {
        HostFilter.Split s = split(ALL_XEN_CAPS, Set.of("pv", "hvm", "hap", "shadow"));

        assertThat(s.unsupported()).isEmpty();
        assertThat(s.runnable()).isEqualTo(CATALOGUE.instances());
    }

    @Test
    void hostWithoutPv32SkipsPv32paeNamingTheMissingXenCap() {
        HostFilter.Split s = split(
                Set.of("xen-3.0-x86_64", "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64"),
                Set.of("pv", "hvm", "hap"));

        assertThat(skipped(s)).containsExactly("test-hvm64-paging~shadow", "test-pv32pae-selftest");
        HostFilter.Unsupported u = s.unsupported().get(1);
        assertThat(u.reason()).isEqualTo("host cannot run pv32pae: xen_caps lacks xen-3.0-x86_32p");
        assertThat(u.missing()).isEqualTo("xen_caps xen-3.0-x86_32p");
        assertThat(u.outcome().verdict()).isEqualTo(Verdict.SKIP);
        assertThat(u.outcome().cause()).isEqualTo(Cause.HOST_UNSUPPORTED);
        assertThat(u.outcome().reason()).isEqualTo(u.reason());
    }

    @Test
    void hostWithoutHvmSkipsEveryHvmEnvironment() {
        HostFilter.Split s = split(Set.of("xen-3.0-x86_64", "xen-3.0-x86_32p"), Set.of());

        assertThat(s.runnable())
                .extracting(TestInstance::name)
                .containsExactly("test-pv32pae-selftest", "test-pv64-selftest");
        assertThat(s.unsupported())
                .extracting(HostFilter.Unsupported::reason)
                .contains(
                        "host cannot run hvm64: xen_caps lacks hvm-3.0-x86_64",
                        "host cannot run hvm32pae: xen_caps lacks hvm-3.0-x86_32p",
                        "host cannot run hvm32: xen_caps lacks hvm-3.0-x86_32");
    }

    @Test
    void hvmOnlyHostSkipsPv() {
        HostFilter.Split s = split(Set.of("hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64"), Set.of("hvm"));

        assertThat(s.unsupported())
                .extracting(HostFilter.Unsupported::reason)
                .contains("host cannot run pv64: xen_caps lacks xen-3.0-x86_64");
    }

    @Test
    void shadowVariationIsSkippedWhereVirtCapsReportOnlyHap() {
        HostFilter.Split s = split(ALL_XEN_CAPS, Set.of("pv", "hvm", "hap"));

        assertThat(skipped(s)).containsExactly("test-hvm64-paging~shadow");
        assertThat(s.unsupported().get(0).reason())
                .isEqualTo("host cannot run test-hvm64-paging~shadow: virt_caps lacks shadow");
    }

    @Test
    void pagingVariationsRunWhereAnOlderXenDoesNotReportPagingModes() {
        HostFilter.Split s = split(ALL_XEN_CAPS, Set.of("hvm", "hvm_directio"));

        assertThat(s.unsupported()).isEmpty();
    }

    @Test
    void emptyXenCapsIsAConfigurationError() {
        assertThatThrownBy(() -> HostFilter.of(new HostCapabilities("4.17.3", Set.of(), Set.of("hvm"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("xen_caps");
    }
}
