package org.xtfharness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PosixShellTest {

    @Test
    void quotesEveryArgumentInSingleQuotesAndEscapesSingleQuotes() {
        assertThat(PosixShell.quote("plain")).isEqualTo("'plain'");
        assertThat(PosixShell.quote("")).isEqualTo("''");
        assertThat(PosixShell.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(PosixShell.quote("$x `y` \"z\";\n")).isEqualTo("'$x `y` \"z\";\n'");
    }

    @Test
    void joinKeepsArgumentsApart() {
        assertThat(PosixShell.join(List.of("echo", "a b", "c"))).isEqualTo("'echo' 'a b' 'c'");
    }

    @Test
    void refusesNul() {
        assertThatThrownBy(() -> PosixShell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }
}
