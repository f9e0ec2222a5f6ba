package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void showsControlCharactersAsHexEscapesButKeepsTabs() {
        assertThat(TerminalText.printable("a\u001b[2Jb\rc\u0085d\te")).isEqualTo("a\\x1b[2Jb\\x0dc\\x85d\te");
    }

    @Test
    void showsBidiAndOtherInvisibleFormatCharactersAsUnicodeEscapes() {
        assertThat(TerminalText.printable("x\u202ey\u2066z\u200b\ufeff\u2028end"))
                .isEqualTo("x\\u202ey\\u2066z\\u200b\\ufeff\\u2028end");
        assertThat(TerminalText.printable("tag \udb40\udc41")).isEqualTo("tag \\U000e0041");
    }

    @Test
    void replacesLoneSurrogatesAndNonCharactersAndKeepsOrdinaryText() {
        assertThat(TerminalText.printable("hi\ud800 lo\udc00 \uffff")).isEqualTo("hi\uFFFD lo\uFFFD \uFFFD");
        assertThat(TerminalText.printable("\u00e9t\u00e9 \u2603 \ud83d\ude00"))
                .isEqualTo("\u00e9t\u00e9 \u2603 \ud83d\ude00");
    }
}
