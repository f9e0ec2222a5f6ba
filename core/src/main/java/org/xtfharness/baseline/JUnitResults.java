package org.xtfharness.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.xtfharness.domain.DomainNames;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;
import org.xtfharness.result.Verdict;

/**
 * Reads verdicts back from JUnit XML: what {@link org.xtfharness.report.JUnitXmlReporter} writes,
 * and what other writers write. Every {@code testcase} at any depth (under {@code testsuite} or
 * {@code testsuites}) counts; unknown elements and attributes are ignored.
 *
 * <p>A testcase's verdict: our reporter's body ({@code CRASH (cause ...): ...}) when present, else
 * the {@code type} attribute ({@code TIMEOUT} is CRASH, harness causes are ERROR), else the
 * element: {@code failure} FAILURE, {@code error} ERROR, {@code skipped} SKIP, none SUCCESS. A
 * testcase skipped because an interrupted run never finished it is left out, as are testcases whose
 * name is not an instance name.
 */
public final class JUnitResults {

    private static final Pattern OUR_BODY = Pattern.compile("^(SUCCESS|SKIP|ERROR|FAILURE|CRASH) \\(cause [A-Z_]+\\):");
    private static final String NOT_RUN = "not run: the run was interrupted";

    private JUnitResults() {}

    /**
     * Reads a JUnit XML file.
     *
     * @throws ConfigurationException naming the file and line when it is not well-formed XML
     */
    public static EarlierRun read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new InfrastructureException("cannot read JUnit file " + file + ": " + Messages.reason(e), e);
        }
    }

    /** Reads JUnit XML from a stream; {@code origin} names it in messages. */
    public static EarlierRun parse(InputStream in, String origin) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // Results files come from elsewhere: no DTDs, no external entities.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(in);
            String name = null;
            Verdict verdict = null;
            String outcomeElement = null;
            String type = null;
            StringBuilder text = new StringBuilder();
            boolean notRun = false;
            int depthInCase = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String el = r.getLocalName();
                    if (name == null && el.equals("testcase")) {
                        name = r.getAttributeValue(null, "name");
                        if (name == null) {
                            throw new ConfigurationException("JUnit file " + origin + " line "
                                    + r.getLocation().getLineNumber() + ": a testcase has no name");
                        }
                        verdict = Verdict.SUCCESS;
                        outcomeElement = null;
                        notRun = false;
                        depthInCase = 0;
                        continue;
                    }
                    if (name != null) {
                        depthInCase++;
                        if (depthInCase == 1
                                && outcomeElement == null
                                && (el.equals("failure") || el.equals("error") || el.equals("skipped"))) {
                            outcomeElement = el;
                            type = r.getAttributeValue(null, "type");
                            text.setLength(0);
                        }
                    }
                } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA)
                        && outcomeElement != null
                        && depthInCase == 1) {
                    text.append(r.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT && name != null) {
                    if (depthInCase == 0) { // the testcase ends
                        if (!notRun && DomainNames.isValid(name)) {
                            verdicts.put(name, verdict);
                        }
                        name = null;
                        continue;
                    }
                    if (depthInCase == 1 && r.getLocalName().equals(outcomeElement) && verdict == Verdict.SUCCESS) {
                        verdict = verdictOf(outcomeElement, type, text.toString());
                        notRun = outcomeElement.equals("skipped")
                                && text.toString().strip().startsWith(NOT_RUN);
                    }
                    depthInCase--;
                }
            }
            return new EarlierRun("JUnit file " + origin, verdicts);
        } catch (XMLStreamException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNumber() : -1;
            throw new ConfigurationException(
                    "JUnit file " + origin + (line > 0 ? " line " + line : "") + " is not well-formed XML: "
                            + message(e),
                    e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // already read or already failed
                }
            }
        }
    }

    private static Verdict verdictOf(String element, String type, String body) {
        Matcher m = OUR_BODY.matcher(body.strip());
        if (m.find()) {
            return Verdict.valueOf(m.group(1));
        }
        if (element.equals("skipped")) {
            return Verdict.SKIP;
        }
        if (type != null) {
            switch (type.strip().toUpperCase(Locale.ROOT)) {
                case "CRASH", "TIMEOUT" -> {
                    return Verdict.CRASH;
                }
                case "FAILURE" -> {
                    return Verdict.FAILURE;
                }
                case "ERROR", "VANISHED", "INFRASTRUCTURE", "CONFIGURATION", "INTERRUPTED", "HARNESS_TIMEOUT" -> {
                    return Verdict.ERROR;
                }
                default -> {
                    // another writer's type (an exception class name): the element decides
                }
            }
        }
        return element.equals("failure") ? Verdict.FAILURE : Verdict.ERROR;
    }

    private static String message(XMLStreamException e) {
        return Messages.xml(e.getMessage());
    }
}
