package org.xtfharness.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XenVersionTest {

    private static XenVersion v(String text) {
        return XenVersion.parse(text).orElseThrow();
    }

    @Test
    void readsTheLeadingNumbersOfWhatXlInfoReports() {
        assertThat(v("4.17.0").numbers()).containsExactly(4, 17, 0);
        assertThat(v("4.17.3-pre").numbers()).containsExactly(4, 17, 3);
        assertThat(v("4.17.0-simulated").majorMinor()).isEqualTo("4.17");
        assertThat(v(" 4.18-unstable\n").text()).isEqualTo("4.18-unstable");
        assertThat(XenVersion.parse("unknown")).isEmpty();
        assertThat(XenVersion.parse("99999999999.1")).isEmpty();
    }

    @Test
    void xenconsoleHasStartNotifyFdFromXen48On() {
        assertThat(v("4.8.0").hasStartNotifyFd()).isTrue();
        assertThat(v("4.17.3-pre").hasStartNotifyFd()).isTrue();
        assertThat(v("5.0-rc").hasStartNotifyFd()).isTrue();
        assertThat(v("4.7.6").hasStartNotifyFd()).isFalse();
        assertThat(v("4").hasStartNotifyFd()).isFalse();
    }

    @Test
    void comparesNumericallyWithMissingNumbersAsZero() {
        assertThat(v("4.17")).isEqualByComparingTo(v("4.17.0-pre"));
        assertThat(v("4.9.1")).isLessThan(v("4.17"));
        assertThat(v("4.17.3")).isGreaterThan(v("4.17"));
    }
}
