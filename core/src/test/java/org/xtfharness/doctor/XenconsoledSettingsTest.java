package org.xtfharness.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class XenconsoledSettingsTest {

    private static XenconsoledSettings parse(String... args) {
        return XenconsoledSettings.parse(List.of(args));
    }

    @Test
    void noOptionsMeansNoGuestLogInTheDefaultDirectory() {
        assertThat(parse()).isEqualTo(new XenconsoledSettings(false, false, "/var/log/xen/console", false));
    }

    @Test
    void logAndTimestampAndDirectoryAreRead() {
        assertThat(parse("--pid-file=/run/x.pid", "--log=guest", "--log-dir=/var/log/xen", "--timestamp=all"))
                .isEqualTo(new XenconsoledSettings(true, false, "/var/log/xen", true));
    }

    @Test
    void logNoneAfterLogGuestChangesNothingBecauseLogOnlyEverSwitchesOn() {
        assertThat(parse("--log=guest", "--log=none").logGuest()).isTrue();
    }

    @Test
    void timestampNoneSwitchesTimestampsOffAgain() {
        assertThat(parse("--timestamp=all", "-t", "none").timestampGuest()).isFalse();
        assertThat(parse("-tguest").timestampGuest()).isTrue();
    }

    @Test
    void valuesMayFollowAsTheNextArgumentAndLongOptionsMayBeAbbreviated() {
        assertThat(parse("--log", "all", "--log-dir", "/logs", "--time=hv"))
                .isEqualTo(new XenconsoledSettings(true, true, "/logs", false));
    }

    @Test
    void hypervisorOnlyLoggingLogsNoGuests() {
        assertThat(parse("--log=hv").logGuest()).isFalse();
    }

    @Test
    void thereIsNoShortLogOption() {
        assertThat(parse("-l", "guest").logGuest()).isFalse();
    }
}
