package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xtfharness.error.ConfigurationException;

/**
 * info.json files that are not what XTF writes: not JSON at all, the wrong JSON, missing keys, unknown
 * values, floods. Each is one problem line naming the file and what is wrong, all of a tree's
 * problems come in one error, and the catalogue yields nothing to run.
 */
class MalformedInfoJsonTest {

    private static final String ROOT = "/usr/lib/xtf";
    private static final String PATH = ROOT + "/tests/bad/info.json";

    private static InMemoryTree treeWith(byte[] badInfo) {
        return new InMemoryTree()
                .test(ROOT, "selftest", "functional", List.of("pv64"), List.of())
                .file(PATH, badInfo)
                .file(ROOT + "/tests/bad/test-pv64-bad.cfg", "name=\"x\"\n");
    }

    private static String problemOf(byte[] badInfo) {
        ConfigurationException e =
                catchThrowableOfType(ConfigurationException.class, () -> Catalogues.xtfTree(treeWith(badInfo), ROOT));
        assertThat(e).as("the tree was accepted").isNotNull();
        String[] lines = e.getMessage().split("\n");
        assertThat(lines).as(e.getMessage()).hasSize(2);
        assertThat(lines[0]).isEqualTo("XTF tree " + ROOT + " has 1 problem:");
        return lines[1].strip();
    }

    private static String problemOf(String badInfo) {
        return problemOf(badInfo.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '^',
            value = {
                "garbage                                              | malformed JSON at line 1, column",
                "{\"name\": \"bad\"                                   | malformed JSON at line 1, column",
                "{\"name\": \"bad\",}                                 | malformed JSON",
                "{\"name\": \"bad\"} {}                               | malformed JSON",
                "{'name': 'bad'}                                      | malformed JSON",
                "^^                                                   | empty, expected a JSON object",
                "^   ^                                                | empty, expected a JSON object",
                "null                                                 | expected a JSON object, found null",
                "[]                                                   | expected a JSON object, found array",
                "\"bad\"                                              | expected a JSON object, found string",
                "42                                                   | expected a JSON object, found number",
                "{\"name\": 42, \"category\": \"functional\", \"environments\": [\"pv64\"]} | \"name\" must be a string, found number",
                "{\"name\": null, \"category\": \"functional\", \"environments\": [\"pv64\"]} | \"name\" must be a string, found null",
                "{\"name\": \"bad\", \"category\": [], \"environments\": [\"pv64\"]}     | \"category\" must be a string, found array",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": \"pv64\"} | \"environments\" must be a list of strings, found string",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [64]}   | \"environments\" must hold only strings, found number",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"pv64\"], \"variations\": {}} | \"variations\" must be a list of strings, found object",
                "{\"category\": \"functional\", \"environments\": [\"pv64\"]}           | no \"name\"",
                "{\"name\": \"bad\", \"environments\": [\"pv64\"]}                      | no \"category\"",
                "{\"name\": \"bad\", \"category\": \"functional\"}                      | no \"environments\"",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": []}  | \"environments\" is empty",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"pv128\"]} | unknown environment \"pv128\" (valid: pv64",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"PV64\"]}  | unknown environment \"PV64\"",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"pv\"]}    | unknown environment \"pv\"",
                "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"pv64\", \"pv64\"]} | environment pv64 is listed twice",
                "{\"name\": \"bad\", \"category\": \"fun\", \"environments\": [\"pv64\"]}  | unknown category \"fun\"",
                "{\"name\": \"bad\", \"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"pv64\"]} | malformed JSON",
            })
    void eachMalformedInfoJsonIsOneProblemNamingTheFile(String json, String problem) {
        assertThat(problemOf(json)).startsWith(PATH + ": ").contains(problem);
    }

    @Test
    void bytesThatAreNotTextAreMalformedJson() {
        byte[] binary = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xff, (byte) 0xfe, 0, 0, 0x1b, '[', '2', 'J'};
        String p = problemOf(binary);

        assertThat(p)
                .startsWith(PATH + ": malformed JSON")
                .doesNotContain("\u001b")
                .doesNotContain("\0");
    }

    @Test
    void anInfoJsonOverTheLimitIsNotReadAndSaysSo() {
        byte[] huge = ("{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"pv64\"]"
                        + " ".repeat(XtfTreeCatalogue.MAX_INFO_JSON) + "}")
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(problemOf(huge))
                .isEqualTo(PATH + ": larger than 65536 bytes, which no info.json is"
                        + " (they are a few hundred): not read");
    }

    @Test
    void anInfoJsonOfExactlyTheLimitIsRead() {
        String head = "{\"name\": \"bad\", \"category\": \"functional\", \"environments\": [\"pv64\"]";
        byte[] full = (head + " ".repeat(XtfTreeCatalogue.MAX_INFO_JSON - head.length() - 1) + "}")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(full).hasSize(XtfTreeCatalogue.MAX_INFO_JSON);

        assertThat(Catalogues.xtfTree(treeWith(full), ROOT).find("test-pv64-bad"))
                .isPresent();
    }

    @Test
    void deeplyNestedJsonIsMalformedNotAStackOverflow() {
        String deep = "{\"name\": \"bad\", \"x\": " + "[".repeat(20_000) + "]".repeat(20_000) + "}";

        assertThat(problemOf(deep)).startsWith(PATH + ": malformed JSON").contains("nesting depth");
    }

    @Test
    void everyBrokenFileOfATreeIsNamedInOneError() {
        InMemoryTree tree = new InMemoryTree()
                .test(ROOT, "selftest", "functional", List.of("pv64"), List.of())
                .file(ROOT + "/tests/a/info.json", "not json")
                .file(ROOT + "/tests/b/info.json", "{\"name\": \"b\", \"category\": \"functional\"}")
                .file(
                        ROOT + "/tests/c/info.json",
                        "{\"name\": \"c\", \"category\": \"functional\", \"environments\": [\"pv64\"]}")
                .file(ROOT + "/tests/d/README", "no info.json here");

        ConfigurationException e =
                catchThrowableOfType(ConfigurationException.class, () -> Catalogues.xtfTree(tree, ROOT));

        assertThat(e.getMessage().split("\n"))
                .containsExactly(
                        "XTF tree " + ROOT + " has 4 problems:",
                        "  " + ROOT
                                + "/tests/a/info.json: malformed JSON at line 1, column 1: Unrecognized token 'not': was"
                                + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                        "  " + ROOT + "/tests/b/info.json: no \"environments\"",
                        "  " + ROOT + "/tests/c/test-pv64-c.cfg: missing cfg file for instance test-pv64-c",
                        "  " + ROOT
                                + "/tests/d/info.json: missing (every directory under tests/ must hold a built test)");
    }
}
