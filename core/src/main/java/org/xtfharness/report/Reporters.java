package org.xtfharness.report;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.xtfharness.run.RunListener;

/** The reports a run can write, each a {@link RunListener}. */
public final class Reporters {

    private Reporters() {}

    /** xtf-runner's {@code Combined test results:} summary, with reasons and totals, at the end of the run. */
    public static RunListener textSummary(PrintStream out) {
        return new TextSummaryReporter(out);
    }

    /** A JUnit XML file (Jenkins' schema), written atomically at the end of the run. */
    public static RunListener junitXml(Path file) {
        return new JUnitXmlReporter(file);
    }

    /** One JSON object per finished result as it finishes, then one summary object. */
    public static RunListener jsonLines(OutputStream out) {
        return new JsonLinesReporter(out);
    }

    /** One self-contained HTML file (summary, sortable instances, folded evidence), written at the end of the run. */
    public static RunListener html(Path file) {
        return new HtmlReporter(file);
    }
}
