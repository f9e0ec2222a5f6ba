package org.xtfharness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.error.ConfigurationException;

class SelectionTest {

    private static final String ROOT = "/xtf";

    /** Two default-category tests, one xsa, one special, one utility; one test with variations. */
    private static final Catalogue CATALOGUE = Catalogues.xtfTree(
            new InMemoryTree()
                    .test(ROOT, "selftest", "functional", List.of("pv64", "pv32pae", "hvm64", "hvm32"), List.of())
                    .test(ROOT, "pv-iopl", "functional", List.of("pv64", "pv32pae"), List.of())
                    .test(ROOT, "xsa-123", "xsa", List.of("hvm64"), List.of())
                    .test(ROOT, "nested-vmx", "special", List.of("hvm64", "hvm32"), List.of("shadow", "hap"))
                    .test(ROOT, "example", "utility", List.of("pv64", "hvm64"), List.of()),
            ROOT);

    private static List<String> select(String... args) {
        return Selection.parse(List.of(args)).apply(CATALOGUE).stream()
                .map(TestInstance::name)
                .toList();
    }

    @Test
    void selectsNothingWithoutArguments() {
        assertThat(Selection.parse(List.of()).isEmpty()).isTrue();
        assertThat(select()).isEmpty();
    }

    @Test
    void categoryAloneSelectsAllItsInstancesInCatalogueOrder() {
        assertThat(select("functional"))
                .containsExactly(
                        "test-pv32pae-pv-iopl",
                        "test-pv64-pv-iopl",
                        "test-hvm32-selftest",
                        "test-hvm64-selftest",
                        "test-pv32pae-selftest",
                        "test-pv64-selftest");
    }

    @Test
    void allMeansFunctionalAndXsa() {
        assertThat(select("--all")).isEqualTo(select("functional", "xsa"));
        assertThat(select("-a")).contains("test-hvm64-xsa-123").doesNotContain("test-pv64-example");
    }

    @Test
    void nonDefaultMeansSpecialUtilityAndInDevelopment() {
        assertThat(select("--non-default"))
                .containsExactly(
                        "test-hvm64-example", "test-pv64-example",
                        "test-hvm32-nested-vmx~hap", "test-hvm32-nested-vmx~shadow",
                        "test-hvm64-nested-vmx~hap", "test-hvm64-nested-vmx~shadow");
    }

    @Test
    void categoriesAreUnitedAndIntersectedWithEnvironments() {
        assertThat(select("functional", "xsa", "hvm64")).containsExactly("test-hvm64-selftest", "test-hvm64-xsa-123");
    }

    @Test
    void environmentsAloneMeanTheDefaultCategoriesOnly() {
        assertThat(select("hvm64")).containsExactly("test-hvm64-selftest", "test-hvm64-xsa-123");
    }

    @Test
    void pseudoEnvironmentsExpandToTheirFamilies() {
        assertThat(select("pv")).isEqualTo(select("pv64", "pv32pae"));
        assertThat(select("hvm")).containsExactly("test-hvm32-selftest", "test-hvm64-selftest", "test-hvm64-xsa-123");
    }

    @Test
    void bareTestNameSelectsEveryEnvironmentAndVariation() {
        assertThat(select("nested-vmx"))
                .containsExactly(
                        "test-hvm32-nested-vmx~hap", "test-hvm32-nested-vmx~shadow",
                        "test-hvm64-nested-vmx~hap", "test-hvm64-nested-vmx~shadow");
    }

    @Test
    void testNameWithEnvironmentAndVariationSelectsOneInstance() {
        assertThat(select("hvm64-nested-vmx~hap")).containsExactly("test-hvm64-nested-vmx~hap");
        assertThat(select("test-hvm64-nested-vmx~hap")).containsExactly("test-hvm64-nested-vmx~hap");
        assertThat(select("test-hvm32-nested-vmx"))
                .containsExactly("test-hvm32-nested-vmx~hap", "test-hvm32-nested-vmx~shadow");
    }

    @Test
    void testNamesContainingDashesParseAfterTheEnvironment() {
        assertThat(select("pv32pae-pv-iopl")).containsExactly("test-pv32pae-pv-iopl");
        assertThat(select("test-pv64-pv-iopl")).containsExactly("test-pv64-pv-iopl");
    }

    @Test
    void namesAreUnitedAndIntersectedWithEnvironments() {
        assertThat(select("selftest", "pv-iopl", "pv64")).containsExactly("test-pv64-pv-iopl", "test-pv64-selftest");
    }

    @Test
    void namedNonDefaultTestIsKeptWhenEnvironmentsAreGivenToo() {
        assertThat(select("example", "pv")).containsExactly("test-pv64-example");
    }

    @Test
    void namesAreIntersectedWithCategories() {
        assertThat(select("functional", "example")).isEmpty();
        assertThat(select("utility", "example", "hvm64")).containsExactly("test-hvm64-example");
    }

    @Test
    void emptyIntersectionStaysEmptyUnlikeXtfRunnersFallback() {
        assertThat(select("in-development", "pv64")).isEmpty();
    }

    @Test
    void repeatedArgumentsSelectOnce() {
        assertThat(select("pv-iopl", "pv-iopl", "pv64-pv-iopl"))
                .containsExactly("test-pv32pae-pv-iopl", "test-pv64-pv-iopl");
    }

    @Test
    void unknownTestNameIsNamedWithTheClosestValidName() {
        assertThatThrownBy(() -> select("selftets"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'selftets'")
                .hasMessageContaining("did you mean 'selftest'?");
    }

    @Test
    void misspeltCategorySuggestsTheCategory() {
        assertThatThrownBy(() -> select("functionl")).hasMessageContaining("did you mean 'functional'?");
    }

    @Test
    void environmentTheTestLacksIsRefusedListingItsEnvironments() {
        assertThatThrownBy(() -> select("hvm64-pv-iopl"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("test 'pv-iopl' has no environment hvm64 (it has: pv64 pv32pae)")
                .hasMessageContaining("did you mean");
    }

    @Test
    void unknownVariationIsRefusedListingTheVariations() {
        assertThatThrownBy(() -> select("nested-vmx~ept"))
                .hasMessageContaining("has no variation 'ept' (it has: shadow hap)");
        assertThatThrownBy(() -> select("selftest~hap")).hasMessageContaining("test 'selftest' has no variations");
    }

    @Test
    void unknownOptionIsRefused() {
        assertThatThrownBy(() -> Selection.parse(List.of("--host")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--host");
    }

    @Test
    void controlCharactersInAnArgumentAreRefused() {
        assertThatThrownBy(() -> Selection.parse(List.of("self\ntest"))).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void parseSortsArgumentsIntoKinds() {
        Selection s = Selection.parse(List.of("xsa", "pv", "selftest~x"));

        assertThat(s.categories()).containsExactly(Category.XSA);
        assertThat(s.environments()).containsExactlyInAnyOrder(Environment.PV64, Environment.PV32PAE);
        assertThat(s.names()).containsExactly("selftest~x");
        assertThat(s).hasToString("xsa pv selftest~x");
    }
}
