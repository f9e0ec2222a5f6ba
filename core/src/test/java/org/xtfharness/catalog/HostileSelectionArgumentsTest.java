package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.error.ConfigurationException;

/**
 * Selection arguments that are shell syntax, paths, options in disguise, control characters or
 * floods. Each is a configuration error that names the argument (escaped, bounded) and selects
 * nothing; none is ever taken for a test, a category or an option.
 */
class HostileSelectionArgumentsTest {

    private static final String ROOT = "/usr/lib/xtf";

    private static Catalogue catalogue() {
        return Catalogues.xtfTree(
                new InMemoryTree()
                        .test(ROOT, "selftest", "functional", List.of("pv64", "hvm64"), List.of())
                        .test(ROOT, "nested-vmx", "in-development", List.of("hvm64"), List.of("shadow", "hap")),
                ROOT);
    }

    private static ConfigurationException refused(String... args) {
        ConfigurationException e = catchThrowableOfType(
                ConfigurationException.class,
                () -> Selection.parse(List.of(args)).apply(catalogue()));
        assertThat(e).as("the selection was accepted").isNotNull();
        return e;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "$(reboot)",
                "`reboot`",
                "selftest;reboot",
                "selftest&&id",
                "selftest|id",
                "'selftest'",
                "\"selftest\"",
                "selftest*",
                "self?est",
                "../selftest",
                "../../etc/passwd",
                "tests/selftest",
                "/usr/lib/xtf/tests/selftest",
                "test-pv64-../selftest",
                "pv64-../../x",
                "selftest~../../etc",
                "nested-vmx~$(id)",
                "selftest~",
                "~hap",
                "test-",
                "test-pv64-",
                "$HOME",
                "{a,b}"
            })
    void shellSyntaxAndPathsMatchNothingAndAreNamed(String arg) {
        ConfigurationException e = refused(arg);

        assertThat(e.getMessage()).contains("test selection '" + arg + "' matches nothing in " + ROOT);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"--all;id", "-rf", "--", "-", "--xtf-dir=/", "-a -a", "--non-default\n"})
    void optionLookalikesAreRefusedAsUnknownOptionsOrUnprintable(String arg) {
        ConfigurationException e = refused(arg);

        assertThat(e.getMessage()).containsAnyOf("unknown selection option", "space or control character");
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "self test",
                "selftest\n--all",
                "selftest\r",
                "self\ttest",
                "\u001b[2Jselftest",
                "self\u0000test",
                "selftest\u202e",
                "self\u200btest",
                "self\u0085test",
                "\u00a0selftest"
            })
    void spacesAndControlCharactersAreRefusedAndShownEscaped(String arg) {
        ConfigurationException e = refused(arg);

        assertThat(e.getMessage()).startsWith("test selection argument contains a space or control character: \"");
        assertThat(e.getMessage())
                .doesNotContain("\n")
                .doesNotContain("\r")
                .doesNotContain("\u001b")
                .doesNotContain("\u0000")
                .doesNotContain("\u202e")
                .doesNotContain("\u200b");
    }

    @Test
    void anArgumentLongerThanAnyInstanceNameIsRefusedWithABoundedMessage() {
        ConfigurationException e = refused("x".repeat(1_000_000));

        assertThat(e.getMessage())
                .contains(
                        "test selection argument of 1000000 characters, longer than any instance" + " name can be (64)")
                .hasSizeLessThan(300);
    }

    @Test
    void theLongestPossibleInstanceNameIsStillAccepted() {
        String name = "n".repeat(64 - "test-hvm32pae-".length());
        Catalogue c = Catalogues.xtfTree(
                new InMemoryTree().test(ROOT, name, "functional", List.of("hvm32pae"), List.of()), ROOT);

        assertThat(Selection.parse(List.of("test-hvm32pae-" + name)).apply(c))
                .extracting(TestInstance::name)
                .containsExactly("test-hvm32pae-" + name);
    }

    @Test
    void aHostileArgumentAmongGoodOnesStopsTheWholeSelection() {
        ConfigurationException e = refused("selftest", "pv64", "selftest;reboot");

        assertThat(e.getMessage()).contains("'selftest;reboot'");
    }
}
