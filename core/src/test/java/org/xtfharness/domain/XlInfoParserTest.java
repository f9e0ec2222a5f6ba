package org.xtfharness.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XlInfoParserTest {

    private static final String INFO = ""
            + "host                   : xenhost\n"
            + "release                : 6.1.0-18-amd64\n"
            + "machine                : x86_64\n"
            + "nr_cpus                : 2\n"
            + "virt_caps              : pv hvm hvm_directio pv_directio hap\n"
            + "xen_major              : 4\n"
            + "xen_minor              : 17\n"
            + "xen_extra              : .3\n"
            + "xen_version            : 4.17.3\n"
            + "xen_caps               : xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 \n"
            + "xen_commandline        : placeholder dom0_mem=1024M,max:1024M noreboot\n"
            + "xend_config_format     : 4\n";

    @Test
    void readsVersionAndCapabilities() {
        HostCapabilities caps = XlInfoParser.parseInfo(INFO);

        assertThat(caps.xenVersion()).isEqualTo("4.17.3");
        assertThat(caps.xenCaps())
                .containsExactlyInAnyOrder("xen-3.0-x86_64", "hvm-3.0-x86_32", "hvm-3.0-x86_32p", "hvm-3.0-x86_64");
        assertThat(caps.virtCaps()).containsExactlyInAnyOrder("pv", "hvm", "hvm_directio", "pv_directio", "hap");
    }

    @Test
    void keepsColonsInsideValues() {
        assertThat(XlInfoParser.parseInfoFields(INFO))
                .containsEntry("xen_commandline", "placeholder dom0_mem=1024M,max:1024M noreboot");
    }

    @Test
    void treatsMissingVirtCapsAsNone() {
        HostCapabilities caps =
                XlInfoParser.parseInfo("xen_version            : 4.6.0\nxen_caps               : xen-3.0-x86_64\n");

        assertThat(caps.virtCaps()).isEmpty();
    }

    @Test
    void refusesOutputWithoutVersion() {
        assertThatThrownBy(() -> XlInfoParser.parseInfo("host : x\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xen_version");
    }
}
