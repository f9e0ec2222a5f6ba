package org.xtfharness.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XencommonsFileTest {

    @Test
    void readsQuotedAndPlainAssignmentsWithTheirLines() {
        XencommonsFile f = XencommonsFile.parse(
                "/etc/default/xencommons",
                String.join(
                        "\n",
                        "# comment",
                        "#XENCONSOLED_TRACE=[none|guest|hv|all]",
                        "XENCONSOLED_TRACE=guest",
                        "export XENCONSOLED_ARGS=\"--log=guest --timestamp=all\"  # osstest",
                        "XENCONSOLED_LOG_DIR='/var/log/xen'",
                        "XENSTORED_ARGS="));

        assertThat(f.get("XENCONSOLED_TRACE").orElseThrow().line()).isEqualTo(3);
        assertThat(f.value("XENCONSOLED_ARGS")).contains("--log=guest --timestamp=all");
        assertThat(f.get("XENCONSOLED_ARGS").orElseThrow().line()).isEqualTo(4);
        assertThat(f.value("XENCONSOLED_LOG_DIR")).contains("/var/log/xen");
        assertThat(f.get("XENSTORED_ARGS")).isPresent();
        assertThat(f.value("XENSTORED_ARGS")).isEmpty();
    }

    @Test
    void theLastAssignmentWinsAsInTheShell() {
        XencommonsFile f = XencommonsFile.parse("f", "XENCONSOLED_TRACE=none\nXENCONSOLED_TRACE=guest\n");

        assertThat(f.value("XENCONSOLED_TRACE")).contains("guest");
        assertThat(f.get("XENCONSOLED_TRACE").orElseThrow().line()).isEqualTo(2);
    }
}
