package org.xtfharness.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HostTargetTest {

    @Test
    void localIsLocal() {
        HostTarget t = HostTarget.parse("local");
        assertThat(t.local()).isTrue();
        assertThat(t).hasToString("local");
    }

    @Test
    void anSshUrlGivesUserHostAndPort() {
        HostTarget t = HostTarget.parse("ssh://root@xenhost.example.org:2222");
        assertThat(t.local()).isFalse();
        assertThat(t.host()).isEqualTo("xenhost.example.org");
        assertThat(t.user()).contains("root");
        assertThat(t.port()).isEqualTo(OptionalInt.of(2222));
        assertThat(t).hasToString("ssh://root@xenhost.example.org:2222");
    }

    @Test
    void userAndPortAreOptionalInAnSshUrl() {
        HostTarget t = HostTarget.parse("ssh://10.0.0.7");
        assertThat(t.host()).isEqualTo("10.0.0.7");
        assertThat(t.user()).isEmpty();
        assertThat(t.port()).isEmpty();
    }

    @Test
    void anIpv6AddressIsWrittenInBrackets() {
        HostTarget t = HostTarget.parse("ssh://root@[::1]:22");
        assertThat(t.host()).isEqualTo("::1");
        assertThat(t).hasToString("ssh://root@[::1]:22");
    }

    @Test
    void aBareNameIsLeftToSshConfig() {
        HostTarget t = HostTarget.parse("italia0");
        assertThat(t).isEqualTo(new HostTarget(false, "italia0", Optional.empty(), OptionalInt.empty()));
        assertThat(t).hasToString("ssh://italia0");
    }

    @Test
    void badTargetsAreRefusedNamingTheText() {
        for (String bad : new String[] {
            "",
            "ssh://",
            "ssh://host:0",
            "ssh://host:99999",
            "ssh://host:x",
            "ssh://@host",
            "-oProxyCommand=x",
            "ssh://-oProxyCommand=x",
            "root@host",
            "host name",
            "http://host",
            "ssh://ro ot@host"
        }) {
            assertThatThrownBy(() -> HostTarget.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
