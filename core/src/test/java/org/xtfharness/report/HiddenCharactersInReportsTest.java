package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;
import org.xtfharness.result.Cause;
import org.xtfharness.result.Outcome;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;
import org.xtfharness.testing.HostileText;

/**
 * Bidi controls, zero-width and other invisible characters from a guest reach no report raw: each
 * report shows them as the visible escapes of {@link TerminalText}, as the text summary does.
 */
public class HiddenCharactersInReportsTest {

    private static final Schema JUNIT_SCHEMA = schema();

    /** A failing result whose reason, details, console and notes all carry {@code text}. */
    public static RunSummary failingWith(String text) {
        TestResult r = SampleResults.result(
                "test-pv64-example",
                new Outcome(
                        Verdict.FAILURE,
                        Cause.GUEST_REPORTED,
                        "Fail: " + text.replace('\n', ' ').replace('\r', ' '),
                        List.of(text),
                        false),
                SampleResults.evidence(List.of(text, "Test result: FAILURE"), List.of(text)));
        return SampleResults.summary(List.of(r), false);
    }

    @Provide
    Arbitrary<String> hostile() {
        return HostileText.strings();
    }

    @Property(tries = 150)
    void htmlShowsEveryHiddenCharacterVisibly(@ForAll("hostile") String text) {
        String html = HtmlReporter.render(failingWith(text));

        assertThat(HostileText.rawHidden(html)).as("raw hidden characters").isEmpty();
        showsEscapes(html, text);
    }

    @Property(tries = 150)
    void tapShowsEveryHiddenCharacterVisibly(@ForAll("hostile") String text) {
        for (int version : List.of(TapReporter.TAP13, TapReporter.TAP14)) {
            StringWriter w = new StringWriter();
            TapReporter.to(w, version).runFinished(failingWith(text));

            assertThat(HostileText.rawHidden(w.toString()))
                    .as("raw hidden characters")
                    .isEmpty();
            showsEscapes(w.toString(), text);
        }
    }

    @Property(tries = 150)
    void junitShowsEveryHiddenCharacterVisiblyAndStaysValid(@ForAll("hostile") String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JUnitXmlReporter.write(failingWith(text), out);
        String xml = out.toString(StandardCharsets.UTF_8);

        assertThat(HostileText.rawHidden(xml)).as("raw hidden characters").isEmpty();
        showsEscapes(xml, text);
        JUNIT_SCHEMA.newValidator().validate(new StreamSource(new ByteArrayInputStream(out.toByteArray())));
    }

    @Property(tries = 150)
    void textSummaryShowsEveryHiddenCharacterVisibly(@ForAll("hostile") String text) {
        String summary = TextSummaryReporter.render(failingWith(text));

        assertThat(HostileText.rawHidden(summary)).as("raw hidden characters").isEmpty();
        showsEscapes(summary, text);
    }

    @Test
    void theTrojanSourceExampleReadsTheSameInEveryReport() throws XMLStreamException {
        String text = "ok\u202e1 tset\u202c \u2066x\u2069\u200b\ufeff";
        StringWriter tap = new StringWriter();
        TapReporter.to(tap).runFinished(failingWith(text));
        ByteArrayOutputStream junit = new ByteArrayOutputStream();
        JUnitXmlReporter.write(failingWith(text), junit);

        for (String report : List.of(
                HtmlReporter.render(failingWith(text)), tap.toString(), junit.toString(StandardCharsets.UTF_8))) {
            assertThat(report).contains("u202e", "u202c", "u2066", "u2069", "u200b", "ufeff");
            assertThat(HostileText.rawHidden(report)).isEmpty();
        }
    }

    private static void showsEscapes(String report, String text) {
        for (String escape : HostileText.visibleEscapes(text)) {
            assertThat(report).contains(escape);
        }
    }

    private static Schema schema() {
        URL xsd = HiddenCharactersInReportsTest.class.getResource("/jenkins-junit.xsd");
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("the Jenkins JUnit schema is a test resource", e);
        }
    }
}
