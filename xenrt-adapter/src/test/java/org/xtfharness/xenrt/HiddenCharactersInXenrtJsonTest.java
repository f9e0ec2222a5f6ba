package org.xtfharness.xenrt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xtfharness.report.HiddenCharactersInReportsTest;
import org.xtfharness.testing.HostileText;

/**
 * No string of the XenRT document carries a bidi override or a zero-width character raw: JSON would
 * carry them faithfully, and XenRT's log viewer would show them, so they are escaped as every
 * report escapes them.
 */
class HiddenCharactersInXenrtJsonTest {

    @Provide
    Arbitrary<String> hostile() {
        return HostileText.strings();
    }

    @Property(tries = 200)
    void everyStringShowsEveryHiddenCharacterVisibly(@ForAll("hostile") String text) throws Exception {
        JsonNode doc = new XenrtJsonReporter(Path.of("unused.json"), XenrtConventions.defaults(), Map.of())
                .document(HiddenCharactersInReportsTest.failingWith(text));
        List<String> strings = new ArrayList<>();
        collect(doc, strings);
        String all = String.join("\n", strings);

        assertThat(HostileText.rawHidden(all)).as("raw hidden characters").isEmpty();
        for (String escape : HostileText.visibleEscapes(text)) {
            assertThat(all).contains(escape);
        }
        assertThat(HostileText.rawHidden(new ObjectMapper().writeValueAsString(doc)))
                .as("raw hidden characters in the written document")
                .isEmpty();
    }

    private static void collect(JsonNode n, List<String> into) {
        if (n.isTextual()) {
            into.add(n.asText());
        }
        n.elements().forEachRemaining(c -> collect(c, into));
    }
}
