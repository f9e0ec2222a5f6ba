package org.xtfharness.osstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OsstestEventsTest {

    @Test
    void escapesEverythingThatCouldBreakALine() {
        assertThat(OsstestEvents.escape("a\nb\r\nc\td\\e \u0000\u001b\u007f\u0085\u2028 é"))
                .isEqualTo("a\\nb\\r\\nc\\td\\\\e \\x00\\x1b\\x7f\\x85\\u2028 é");
    }

    @Test
    void keepsSpacesInFreeText() {
        assertThat(OsstestEvents.lineWithText("notice", "two  words ", "-"))
                .isEqualTo("xtf-harness-event 1 notice - two  words ");
    }

    @Test
    void refusesFieldsThatWouldShiftTheOthers() {
        assertThatThrownBy(() -> OsstestEvents.line("start", "xtf/a b", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OsstestEvents.line("start", "", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedEscapes() {
        assertThatThrownBy(() -> OsstestEvents.unescape("a\\")).hasMessageContaining("dangling");
        assertThatThrownBy(() -> OsstestEvents.unescape("\\q")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> OsstestEvents.unescape("\\x4")).hasMessageContaining("truncated");
    }

    @Property
    void escapedTextHasNoLineBreakAndReadsBackUnchanged(@ForAll String text) {
        String escaped = OsstestEvents.escape(text);

        assertThat(escaped).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c");
        assertThat(OsstestEvents.unescape(escaped)).isEqualTo(text);
    }
}
