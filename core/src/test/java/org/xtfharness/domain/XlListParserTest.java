package org.xtfharness.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xtfharness.domain.DomainInfo.Flag;

class XlListParserTest {

    private static final String HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)\n";

    @Test
    void readsDomainZeroAndAPausedTestDomain() {
        List<DomainInfo> domains = XlListParser.parseList(HEADER
                + "Domain-0                                     0  1024     1     r-----     106.6\n"
                + "test-pv64-example                            3   128     1     --p---       0.0\n");

        assertThat(domains)
                .containsExactly(
                        new DomainInfo("Domain-0", new DomainId(0), Set.of(Flag.RUNNING), Optional.empty()),
                        new DomainInfo("test-pv64-example", new DomainId(3), Set.of(Flag.PAUSED), Optional.empty()));
    }

    @Test
    void readsEveryShutdownReasonLetter() {
        List<DomainInfo> domains = XlListParser.parseList(HEADER
                + "off                                          1   128     1     ---s--       0.1\n"
                + "reboot                                       2   128     1     ---sr-       0.1\n"
                + "suspend                                      3   128     1     ---ss-       0.1\n"
                + "crash                                        4   128     1     ---sc-       0.1\n"
                + "watchdog                                     5   128     1     ---sw-       0.1\n"
                + "softreset                                    6   128     1     ---sS-       0.1\n"
                + "unknown                                      7   128     1     ---s?-       0.1\n");

        assertThat(domains)
                .extracting(d -> d.shutdownReason().orElseThrow())
                .containsExactly(
                        ShutdownReason.POWEROFF,
                        ShutdownReason.REBOOT,
                        ShutdownReason.SUSPEND,
                        ShutdownReason.CRASH,
                        ShutdownReason.WATCHDOG,
                        ShutdownReason.SOFT_RESET,
                        ShutdownReason.UNKNOWN);
        assertThat(domains.get(3).stateLetters()).isEqualTo("---sc-");
    }

    @Test
    void readsDyingAndBlockedDomains() {
        List<DomainInfo> domains = XlListParser.parseList(HEADER
                + "gone                                        11     0     1     ---scd       0.2\n"
                + "idle                                        12   128     1     -b----       1.5\n"
                + "going                                       13     0     1     -----d       0.2\n");

        assertThat(domains.get(0).isDying()).isTrue();
        assertThat(domains.get(0).isCrashed()).isTrue();
        assertThat(domains.get(1).flags()).containsExactly(Flag.BLOCKED);
        assertThat(domains.get(2).flags()).containsExactly(Flag.DYING);
        assertThat(domains.get(2).shutdownReason()).isEmpty();
    }

    @Test
    void readsNameWiderThanTheFortyCharacterColumn() {
        String name = "test-hvm64-lbr-tsx-vmentry~some-very-long-variation-name";
        List<DomainInfo> domains = XlListParser.parseList(HEADER
                + name + "    27   128     1     ---sr-       0.3\n"
                + "test-pv64-a                                 28   128     1     --p---       0.0\n");

        assertThat(domains.get(0).name()).isEqualTo(name);
        assertThat(domains.get(0).id()).isEqualTo(new DomainId(27));
        assertThat(domains.get(0).shutdownReason()).contains(ShutdownReason.REBOOT);
        assertThat(domains.get(1).id()).isEqualTo(new DomainId(28));
    }

    @Test
    void readsNameWithSpacesFromTheRight() {
        List<DomainInfo> domains = XlListParser.parseList(
                HEADER + "odd name here                                4   128     1     -b----   12345.6\n");

        assertThat(domains.get(0).name()).isEqualTo("odd name here");
        assertThat(domains.get(0).id()).isEqualTo(new DomainId(4));
    }

    @Test
    void acceptsCarriageReturnsAndBlankLines() {
        List<DomainInfo> domains = XlListParser.parseList(HEADER.replace("\n", "\r\n")
                + "Domain-0                                     0  1024     1     r-----     106.6\r\n\r\n");

        assertThat(domains).hasSize(1);
    }

    @Test
    void refusesAMalformedLineNamingIt() {
        assertThatThrownBy(() -> XlListParser.parseList(HEADER
                        + "Domain-0                                     0  1024     1     r-----     106.6\n"
                        + "libxl: error: something went wrong\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("libxl: error: something went wrong");
    }

    @Test
    void refusesTruncatedRow() {
        assertThatThrownBy(() ->
                        XlListParser.parseList(HEADER + "test-pv64-a                                  3   128     1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unreadable");
    }

    @Test
    void refusesUnknownStateLetter() {
        assertThatThrownBy(() -> XlListParser.parseList(
                        HEADER + "x                                            3   128     1     --x---       0.0\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
    }

    @Test
    void refusesShutdownReasonWithoutShutdownFlag() {
        assertThatThrownBy(() -> XlListParser.parseList(
                        HEADER + "x                                            3   128     1     ----c-       0.0\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without the shutdown flag");
    }

    @Test
    void refusesOutputWithoutHeader() {
        assertThatThrownBy(() -> XlListParser.parseList(
                        "Domain-0                                     0  1024     1     r-----     106.6\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> XlListParser.parseList(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing");
    }

    @Test
    void refusesImpossibleDomainId() {
        assertThatThrownBy(() -> XlListParser.parseList(
                        HEADER + "x                                        99999   128     1     -b----       0.0\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impossible domain id");
    }
}
