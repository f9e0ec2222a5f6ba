package org.xtfharness.osstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xtfharness.report.HiddenCharactersInReportsTest;
import org.xtfharness.run.RunSummary;
import org.xtfharness.testing.HostileText;

/** A bidi override or a zero-width character from a guest reaches the event stream only as a visible escape. */
class HiddenCharactersInEventsTest {

    @Provide
    Arbitrary<String> hostile() {
        return HostileText.strings();
    }

    @Property(tries = 200)
    void eventLinesShowEveryHiddenCharacterVisibly(@ForAll("hostile") String text) {
        RunSummary s = HiddenCharactersInReportsTest.failingWith(text);
        StringWriter w = new StringWriter();
        OsstestEventStream events = OsstestEventStream.to(w, List.of());

        events.runStarted(s.plan());
        events.notice("test-pv64-example", text);
        s.results().forEach(events::instanceFinished);
        events.runFinished(s);

        assertThat(HostileText.rawHidden(w.toString()))
                .as("raw hidden characters")
                .isEmpty();
        for (String escape : HostileText.visibleEscapes(text)) {
            assertThat(w.toString()).contains(escape);
        }
    }
}
