package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class JUnitXmlReporterTest {

    @TempDir
    Path dir;

    private Path writeEveryVerdict() {
        Path file = dir.resolve("junit.xml");
        Reporters.junitXml(file).runFinished(SampleResults.summary(SampleResults.everyVerdict(), false));
        return file;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static Element testcase(Document doc, String name) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    private static Element child(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        assertThat(l.getLength()).as(tag + " in " + parent.getAttribute("name")).isEqualTo(1);
        return (Element) l.item(0);
    }

    @Test
    void validatesAgainstJenkinsSchemaWithEveryVerdictAndNastyConsoleBytes() throws Exception {
        Path file = writeEveryVerdict();

        URL xsd = getClass().getResource("/jenkins-junit.xsd");
        assertThat(xsd).as("the schema is a test resource").isNotNull();
        Schema schema =
                SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
        try (InputStream in = Files.newInputStream(file)) {
            schema.newValidator().validate(new StreamSource(in));
        }
    }

    @Test
    void schemaRejectsSkippedWithAMessageAttributeSoReasonsGoInItsText() throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad.xml"),
                "<testsuite name=\"x\" tests=\"1\"><testcase name=\"a\"><skipped message=\"m\"/></testcase></testsuite>");
        Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(getClass().getResource("/jenkins-junit.xsd"));

        assertThatThrownBy(() -> schema.newValidator().validate(new StreamSource(bad.toFile())))
                .isInstanceOf(SAXException.class)
                .hasMessageContaining("message");
    }

    @Test
    void countsEveryVerdictInTheSuite() throws Exception {
        Element suite = parse(writeEveryVerdict()).getDocumentElement();

        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("9");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("5");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("11.250");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2024-05-01T10:00:00");
        assertThat(suite.getAttribute("hostname")).isEqualTo("ssh://root@xenhost");
    }

    @Test
    void namesEachCaseByInstanceWithTheEnvironmentAsClassnameAndItsTime() throws Exception {
        Element c = testcase(parse(writeEveryVerdict()), "test-hvm32pae-hang");

        assertThat(c.getAttribute("classname")).isEqualTo("xtf.hvm32pae");
        assertThat(c.getAttribute("time")).isEqualTo("1.250");
    }

    @Test
    void successHasNoSkippedFailureOrError() throws Exception {
        Element c = testcase(parse(writeEveryVerdict()), "test-pv64-success");

        assertThat(c.getElementsByTagName("skipped").getLength()).isZero();
        assertThat(c.getElementsByTagName("failure").getLength()).isZero();
        assertThat(c.getElementsByTagName("error").getLength()).isZero();
        assertThat(child(c, "system-out").getTextContent()).contains("Test result: SUCCESS");
    }

    @Test
    void successWithWarningsSaysSoInSystemErr() throws Exception {
        Element c = testcase(parse(writeEveryVerdict()), "test-pv64-warned");

        assertThat(child(c, "system-err").getTextContent()).contains("SUCCESS with warnings");
    }

    @Test
    void skipCarriesItsReason() throws Exception {
        Element skipped = child(testcase(parse(writeEveryVerdict()), "test-pv32pae-skip"), "skipped");

        assertThat(skipped.getTextContent()).isEqualTo("host cannot run pv32pae: xen_caps lacks xen-3.0-x86_32p");
    }

    @Test
    void failureCarriesTypeAndMessage() throws Exception {
        Element failure = child(testcase(parse(writeEveryVerdict()), "test-hvm64-failure"), "failure");

        assertThat(failure.getAttribute("type")).isEqualTo("FAILURE");
        assertThat(failure.getAttribute("message")).startsWith("Fail: bell\\x07 nul\\x00 esc\\x1b[0m");
    }

    @Test
    void errorTypeTellsGuestCrashFromTimeoutFromHarnessProblems() throws Exception {
        Document doc = parse(writeEveryVerdict());

        assertThat(child(testcase(doc, "test-hvm64-error"), "error").getAttribute("type"))
                .isEqualTo("ERROR");
        assertThat(child(testcase(doc, "test-hvm32-crash"), "error").getAttribute("type"))
                .isEqualTo("CRASH");
        assertThat(child(testcase(doc, "test-hvm32pae-hang"), "error").getAttribute("type"))
                .isEqualTo("TIMEOUT");
        assertThat(child(testcase(doc, "test-hvm32pse-infra"), "error").getAttribute("type"))
                .isEqualTo("INFRASTRUCTURE");
        assertThat(child(testcase(doc, "test-pv64-config"), "error").getAttribute("type"))
                .isEqualTo("CONFIGURATION");
        assertThat(child(testcase(doc, "test-hvm32-crash"), "error").getAttribute("message"))
                .isEqualTo("guest panicked: Unhandled exception after printing 'SUCCESS'");
        assertThat(child(testcase(doc, "test-hvm32-crash"), "error").getTextContent())
                .contains("PANIC: Unhandled exception");
    }

    @Test
    void consoleGoesToSystemOutAndNotesToSystemErr() throws Exception {
        Document doc = parse(writeEveryVerdict());

        Element crash = testcase(doc, "test-hvm32-crash");
        assertThat(child(crash, "system-out").getTextContent())
                .isEqualTo("Test result: SUCCESS\nPANIC: Unhandled exception\n");
        assertThat(child(crash, "system-err").getTextContent())
                .contains("domain state: ---sc-", "(XEN) d7v0 triple fault", "FROM_MARK");
        assertThat(child(testcase(doc, "test-hvm32pse-infra"), "system-err").getTextContent())
                .contains("note: retried xl create once");
    }

    @Test
    void showsControlsVisiblyReplacesWhatIsNoCharacterAndKeepsTheRest() throws Exception {
        Element out = child(testcase(parse(writeEveryVerdict()), "test-hvm64-failure"), "system-out");

        assertThat(out.getTextContent())
                .startsWith("bell\\x07 nul\\x00 esc\\x1b[0m fffe\uFFFD ffff\uFFFD hi\uFFFD lo\uFFFD "
                        + "<b>&amp;</b> ]]> \"quoted\" caf\u00e9 \uD83D\uDE00");
    }

    @Test
    void listsInstancesAnInterruptedRunNeverFinishedAsSkipped() throws Exception {
        List<TestResult> done = SampleResults.everyVerdict().subList(0, 2);
        RunSummary s = new RunSummary(
                SampleResults.plan(SampleResults.everyVerdict(), false),
                done,
                List.of("test-hvm64-error"),
                Duration.ofSeconds(3),
                true);
        Path file = dir.resolve("junit.xml");

        new JUnitXmlReporter(file).runFinished(s);

        Document doc = parse(file);
        assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("3");
        assertThat(doc.getDocumentElement().getAttribute("skipped")).isEqualTo("1");
        assertThat(child(testcase(doc, "test-hvm64-error"), "skipped").getTextContent())
                .contains("interrupted");
    }

    @Test
    void replacesAnEarlierReportWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("junit.xml");
        Files.writeString(file, "old");

        Reporters.junitXml(file).runFinished(SampleResults.summary(SampleResults.everyVerdict(), true));

        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .startsWith("<?xml")
                .contains("name=\"host\" value=\"simulated Xen host (test)\"");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void unwritableDirectoryIsAnInfrastructureErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("missing-dir/junit.xml");

        assertThatThrownBy(() -> Reporters.junitXml(file)
                        .runFinished(SampleResults.summary(SampleResults.everyVerdict(), false)))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void xmlTextShowsControlsVisiblyAndReplacesWhatIsNoCharacter() {
        assertThat(XmlText.clean("plain\ttab\nnl\rcr")).isEqualTo("plain\ttab\nnl\\x0dcr");
        assertThat(XmlText.clean("a\u0001b\uFFFEc\uD800")).isEqualTo("a\\x01b\uFFFDc\uFFFD");
        assertThat(XmlText.clean("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
    }
}
