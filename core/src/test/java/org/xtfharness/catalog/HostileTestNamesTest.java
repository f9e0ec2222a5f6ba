package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.host.LocalHostFiles;

/**
 * Test names, variations and other info.json values that are shell syntax, path traversal, terminal
 * control or floods. Each is refused before anything runs, with one problem line naming the
 * info.json and quoting the value escaped and bounded, so the message itself cannot be forged or
 * turned into terminal commands.
 */
class HostileTestNamesTest {

    private static final String ROOT = "/usr/lib/xtf";

    private static InMemoryTree goodTree() {
        return new InMemoryTree().test(ROOT, "selftest", "functional", List.of("pv64"), List.of());
    }

    private static String info(String name, String category, String envs, String variations) {
        return "{\"name\": " + name + ", \"category\": " + category + ", \"environments\": " + envs
                + ", \"variations\": " + variations + "}";
    }

    private static ConfigurationException refused(InMemoryTree tree) {
        ConfigurationException e =
                catchThrowableOfType(ConfigurationException.class, () -> Catalogues.xtfTree(tree, ROOT));
        assertThat(e).as("the tree was accepted").isNotNull();
        return e;
    }

    /** Header plus one line per problem: a newline in a value has not made a line of its own. */
    private static void assertOneLinePerProblem(ConfigurationException e, int problems) {
        assertThat(e.getMessage().split("\n", -1)).hasSize(1 + problems);
        assertThat(e.getMessage())
                .doesNotContain("\u001b")
                .doesNotContain("\u202e")
                .doesNotContain("\r");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "$(touch pwned)",
                "`touch pwned`",
                "a;touch pwned",
                "a b",
                "it's",
                "x\"y",
                "a|b",
                "a&b",
                "*",
                "a\\b",
                "caf\u00e9",
                ">out"
            })
    void aDirectoryNamedWithShellSyntaxIsRefusedNamingItsInfoJson(String name) {
        String json = info(
                "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"", "\"functional\"", "[\"pv64\"]", "[]");
        InMemoryTree tree = goodTree()
                .file(ROOT + "/tests/" + name + "/info.json", json)
                .file(ROOT + "/tests/" + name + "/test-pv64-" + name + ".cfg", "name=\"x\"\n");

        ConfigurationException e = refused(tree);

        // The path is quoted and escaped where it holds a quote or backslash, as any value is.
        String path = ROOT + "/tests/" + name + "/info.json";
        String shown = name.contains("\"") || name.contains("\\")
                ? "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                : path;
        assertThat(e.getMessage())
                .contains(shown + ": instance name \"test-pv64-")
                .contains("is not a usable domain name");
        assertOneLinePerProblem(e, 1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"../../etc/passwd", "..", "../selftest", "/etc/shadow", "tests/../../x", "a/b"})
    void aNameThatIsAPathIsRefusedBecauseItIsNotItsDirectory(String name) {
        InMemoryTree tree = goodTree()
                .file(ROOT + "/tests/escape/info.json", info("\"" + name + "\"", "\"functional\"", "[\"pv64\"]", "[]"));

        ConfigurationException e = refused(tree);

        assertThat(e.getMessage())
                .contains(ROOT + "/tests/escape/info.json: name \"" + name + "\" does not match its directory escape");
        assertOneLinePerProblem(e, 1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"../../../etc", "..", "a/b", "$(id)", "`id`", "a;b", "a b", "~x", "-x", ".hidden"})
    void aVariationThatWouldBecomeAPathOrShellSyntaxIsRefused(String variation) {
        InMemoryTree tree = goodTree()
                .file(
                        ROOT + "/tests/vary/info.json",
                        info("\"vary\"", "\"functional\"", "[\"pv64\"]", "[\"ok\", \"" + variation + "\"]"))
                .file(ROOT + "/tests/vary/test-pv64-vary~ok.cfg", "name=\"x\"\n");

        ConfigurationException e = refused(tree);

        assertThat(e.getMessage())
                .contains(
                        ROOT + "/tests/vary/info.json: variation \"" + variation + "\" is not usable in a domain name");
        assertOneLinePerProblem(e, 1);
    }

    @Test
    void controlCharactersInValuesAreEscapedSoTheyCanNeitherForgeLinesNorDriveTheTerminal() {
        String evil = "x\\n  /usr/lib/xtf/tests/selftest/info.json: fine\\u001b[2J\\u202e";
        InMemoryTree tree = goodTree()
                .file(
                        ROOT + "/tests/ctl/info.json",
                        info("\"ctl\"", "\"" + evil + "\"", "[\"pv64\", \"" + evil + "\"]", "[\"" + evil + "\"]"))
                .file(ROOT + "/tests/ctl/test-pv64-ctl.cfg", "name=\"x\"\n");

        ConfigurationException e = refused(tree);

        assertThat(e.getMessage())
                .contains(
                        "unknown category \"x\\x0a  /usr/lib/xtf/tests/selftest/info.json: " + "fine\\x1b[2J\\u202e\"");
        assertThat(e.getMessage()).contains("unknown environment \"x\\x0a").contains("variation \"x\\x0a");
        assertOneLinePerProblem(e, 3);
    }

    @Test
    void aNameOverXensLimitsIsRefusedBeforeAnyDomainOrLogFileIsNamedAfterIt() {
        // 64 is the harness's bound; xenconsoled's log name guest-<name>.log must fit NAME_MAX (255).
        String name = "n".repeat(250);
        InMemoryTree tree = goodTree()
                .file(
                        ROOT + "/tests/" + name + "/info.json",
                        info("\"" + name + "\"", "\"functional\"", "[\"pv64\"]", "[]"))
                .file(ROOT + "/tests/" + name + "/test-pv64-" + name + ".cfg", "name=\"x\"\n");

        ConfigurationException e = refused(tree);

        assertThat(e.getMessage())
                .contains("instance name \"test-pv64-nnnn")
                .contains("(260 characters)")
                .contains("at most 64 characters");
    }

    @Test
    void theLongestNameThatFitsIsAccepted() {
        // "test-pvXX-" + name: 64 in all with the longest environment id, hvm32pae or hvm32pse.
        String name = "n".repeat(64 - "test-hvm32pae-".length());
        InMemoryTree tree = goodTree().test(ROOT, name, "functional", List.of("hvm32pae"), List.of());

        assertThat(Catalogues.xtfTree(tree, ROOT).find("test-hvm32pae-" + name)).isPresent();
    }

    @Test
    void aFloodedNameGivesABoundedMessage() {
        String name = "x".repeat(60_000);
        InMemoryTree tree = goodTree()
                .file(ROOT + "/tests/flood/info.json", info("\"" + name + "\"", "\"functional\"", "[\"pv64\"]", "[]"));

        ConfigurationException e = refused(tree);

        assertThat(e.getMessage()).contains("(60000 characters)").hasSizeLessThan(1_000);
    }

    @Test
    void anXtfDirectoryWithAControlCharacterIsRefusedBeforeAnythingIsRead() {
        InMemoryTree tree = goodTree();

        assertThatThrownBy(() -> Catalogues.xtfTree(tree, "/usr/lib/xtf\n/etc"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("the XTF directory \"/usr/lib/xtf\\x0a/etc\" contains a control character");
        assertThat(tree.calls).isEmpty();
        assertThatThrownBy(() -> Catalogues.xtfTree(new LocalHostFiles(), "/tmp/\u001b[31mred"))
                .hasMessageContaining("\\x1b[31mred");
    }
}
