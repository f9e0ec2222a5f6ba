package org.xtfharness.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class FixturesTest {

    @Test
    void aMissingToolSkipsTheTestOutsideCiAndFailsItInCi() {
        assertThatThrownBy(() -> Fixtures.unavailable("tmux is not installed", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("tmux is not installed");
        assertThatThrownBy(() -> Fixtures.unavailable("tmux is not installed", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("tmux is not installed");
    }

    @Test
    void findsProgramsOnThePathOnly() {
        assertThat(Fixtures.onPath("sh")).isTrue();
        assertThat(Fixtures.onPath("no-such-program-xtfh")).isFalse();
    }

    @Test
    void resolvesPython3ToAnAbsoluteInterpreterOnce() {
        String python = Fixtures.requirePython3();
        assertThat(python).startsWith("/");
        assertThat(Fixtures.python3()).containsSame(python);
    }
}
