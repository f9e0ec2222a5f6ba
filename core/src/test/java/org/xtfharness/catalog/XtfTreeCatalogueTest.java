package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xtfharness.error.ConfigurationException;

class XtfTreeCatalogueTest {

    private static final String ROOT = "/usr/lib/xtf";

    private static InMemoryTree tree() {
        return new InMemoryTree()
                .test(ROOT, "selftest", "functional", List.of("pv64", "hvm64", "hvm32"), List.of())
                .test(ROOT, "example", "utility", List.of("pv64"), List.of())
                .test(ROOT, "nested-vmx", "in-development", List.of("hvm64"), List.of("shadow", "hap"));
    }

    @Test
    void readsEveryInstanceSortedByNameThenEnvironmentThenVariation() {
        Catalogue c = Catalogues.xtfTree(tree(), ROOT);

        assertThat(c.instances())
                .extracting(TestInstance::name)
                .containsExactly(
                        "test-pv64-example",
                        "test-hvm64-nested-vmx~hap",
                        "test-hvm64-nested-vmx~shadow",
                        "test-hvm32-selftest",
                        "test-hvm64-selftest",
                        "test-pv64-selftest");
        assertThat(c.origin()).isEqualTo(ROOT);
    }

    @Test
    void givesEachInstanceItsCfgPathAndTheTestsInfo() {
        Catalogue c = Catalogues.xtfTree(tree(), ROOT + "/");

        TestInstance i = c.find("test-hvm64-nested-vmx~hap").orElseThrow();
        assertThat(i.cfgPath()).isEqualTo(ROOT + "/tests/nested-vmx/test-hvm64-nested-vmx~hap.cfg");
        assertThat(i.variation()).contains("hap");
        assertThat(i.test().category()).isEqualTo(Category.IN_DEVELOPMENT);
        assertThat(i.test().variations()).containsExactly("shadow", "hap");
        assertThat(i.timeout()).isEqualTo(TestInstance.DEFAULT_TIMEOUT);
        assertThat(c.find("test-pv64-example").orElseThrow().variation()).isEqualTo(Optional.empty());
    }

    @Test
    void readsOneListingOneStatAndOneFilePerTestBecauseRemoteCallsAreRoundTrips() {
        InMemoryTree t = tree();
        Catalogues.xtfTree(t, ROOT);

        assertThat(t.calls.stream().filter(s -> s.startsWith("read "))).hasSize(3);
        assertThat(t.calls.stream().filter(s -> s.startsWith("stat"))).hasSize(3);
        assertThat(t.calls.stream().filter(s -> s.startsWith("list " + ROOT + "/tests/")))
                .hasSize(3);
    }

    @Test
    void acceptsInfoJsonWrittenBeforeVariationsExisted() {
        InMemoryTree t = new InMemoryTree()
                .file(
                        ROOT + "/tests/old/info.json",
                        "{\"name\": \"old\", \"category\": \"xsa\", \"environments\": [\"pv64\"]}")
                .file(ROOT + "/tests/old/test-pv64-old.cfg", "");

        assertThat(Catalogues.xtfTree(t, ROOT).instances())
                .extracting(TestInstance::name)
                .containsExactly("test-pv64-old");
    }

    @Test
    void ignoresPlainFilesBesideTheTests() {
        InMemoryTree t = tree().file(ROOT + "/tests/README", "hello");

        assertThat(Catalogues.xtfTree(t, ROOT).tests()).hasSize(3);
    }

    @Test
    void namesTheMissingDirectory() {
        assertThatThrownBy(() -> Catalogues.xtfTree(new InMemoryTree(), "/nowhere/xtf"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/nowhere/xtf")
                .hasMessageContaining("does not exist");
    }

    @Test
    void namesATreeWithoutTestsDirectory() {
        InMemoryTree t = new InMemoryTree().file(ROOT + "/xtf-runner", "#!");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ROOT + "/tests");
    }

    @Test
    void refusesATreeWithNoTests() {
        InMemoryTree t = new InMemoryTree().dir(ROOT).dir(ROOT + "/tests");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no tests");
    }

    @Test
    void reportsMalformedJsonWithFileLineAndColumn() {
        InMemoryTree t = tree().file(
                        ROOT + "/tests/example/info.json",
                        "{\n  \"name\": \"example\",\n  \"category\" \"utility\"\n}");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ROOT + "/tests/example/info.json: malformed JSON at line 3, column");
    }

    @Test
    void reportsDuplicateKeysAsMalformed() {
        InMemoryTree t = tree().file(
                        ROOT + "/tests/example/info.json",
                        "{\"name\": \"example\", \"name\": \"other\", \"category\": \"utility\", \"environments\": [\"pv64\"]}");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining("malformed JSON")
                .hasMessageContaining("name");
    }

    @Test
    void listsTheValidCategoriesWhenOneIsUnknown() {
        InMemoryTree t = tree().test(ROOT, "bad", "functionl", List.of("pv64"), List.of());

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ROOT + "/tests/bad/info.json: unknown category \"functionl\"")
                .hasMessageContaining("functional xsa special utility in-development");
    }

    @Test
    void listsTheValidEnvironmentsWhenOneIsUnknown() {
        InMemoryTree t = tree().test(ROOT, "bad", "functional", List.of("pv64", "hvm128"), List.of());

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining(ROOT + "/tests/bad/info.json: unknown environment \"hvm128\"")
                .hasMessageContaining("pv64 pv32pae hvm64 hvm32pae hvm32pse hvm32");
    }

    @Test
    void refusesANameThatDoesNotMatchItsDirectory() {
        InMemoryTree t = tree().file(
                        ROOT + "/tests/copied/info.json",
                        "{\"name\": \"original\", \"category\": \"functional\", \"environments\": [\"pv64\"], \"variations\": []}");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining(
                        ROOT + "/tests/copied/info.json: name \"original\" does not match its directory copied");
    }

    @Test
    void namesAMissingCfgFile() {
        InMemoryTree t = tree();
        t.remove(ROOT + "/tests/selftest/test-hvm32-selftest.cfg");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(ROOT + "/tests/selftest/test-hvm32-selftest.cfg: missing cfg file");
    }

    @Test
    void namesADirectoryWithoutInfoJson() {
        InMemoryTree t = tree().file(ROOT + "/tests/unbuilt/main.c", "int main;");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining(ROOT + "/tests/unbuilt/info.json: missing");
    }

    @Test
    void refusesAVariationThatIsNotUsableInADomainName() {
        InMemoryTree t = tree().test(ROOT, "vary", "functional", List.of("pv64"), List.of("ok", "bad/../../etc"));

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining(ROOT + "/tests/vary/info.json: variation \"bad/../../etc\" is not usable");
    }

    @Test
    void refusesATestNameThatIsNotUsableInADomainName() {
        InMemoryTree t = tree().file(
                        ROOT + "/tests/a b/info.json",
                        "{\"name\": \"a b\", \"category\": \"functional\", \"environments\": [\"pv64\"], \"variations\": []}");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining("instance name \"test-pv64-a b\" is not a usable domain name");
    }

    @Test
    void refusesWrongJsonTypesNamingTheKey() {
        InMemoryTree t = tree().file(
                        ROOT + "/tests/example/info.json",
                        "{\"name\": \"example\", \"category\": \"utility\", \"environments\": \"pv64\", \"variations\": []}");

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining("\"environments\" must be a list of strings, found string");
    }

    @Test
    void reportsEveryProblemOfTheTreeAtOnce() {
        InMemoryTree t = tree().test(ROOT, "bad1", "nope", List.of("pv64"), List.of())
                .test(ROOT, "bad2", "functional", List.of("pv128"), List.of());

        assertThatThrownBy(() -> Catalogues.xtfTree(t, ROOT))
                .hasMessageContaining("2 problems")
                .hasMessageContaining("bad1/info.json")
                .hasMessageContaining("bad2/info.json");
    }
}
