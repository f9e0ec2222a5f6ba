package org.xtfharness.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.result.Verdict;
import org.xtfharness.run.Assessment;
import org.xtfharness.run.Evidence;
import org.xtfharness.run.FinalReport;
import org.xtfharness.run.RunSummary;
import org.xtfharness.run.TestResult;

/**
 * Writes a run as one self-contained HTML file, for the people a run's results are sent to: a
 * summary (count and bar per verdict, durations), a table of instances that sorts by any column,
 * and under each instance that did not pass cleanly its reason, evidence and console excerpt, folded.
 *
 * <p>The file fetches nothing: styles and the sorting script are inline, and a Content Security
 * Policy forbids every network request. Everything that came from a guest or a host is escaped as
 * text; characters HTML cannot carry (C0 controls but tab and newline, DEL, C1 controls,
 * noncharacters, lone surrogates) become U+FFFD. No guest text ever goes inside the script.
 * Assessments ({@link RunSummary#assessments()}) show as a class column with badges, and earlier
 * attempts fold under their instance. The file is written beside its target and moved into place.
 */
public final class HtmlReporter implements FinalReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path file;

    /** @param file where the report is written at the end of the run */
    public HtmlReporter(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public Pending stage(RunSummary summary) {
        return ReportFiles.stage(
                file, "HTML report", out -> out.write(render(summary).getBytes(StandardCharsets.UTF_8)));
    }

    /** The whole report as one HTML document. */
    public static String render(RunSummary s) {
        StringBuilder h = new StringBuilder(16384);
        String host = s.plan().host();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>xtf-harness: ")
                .append(text(host))
                .append("</title>\n")
                .append("<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>xtf-harness run on ").append(text(host)).append("</h1>\n");
        h.append("<p class=\"meta\">started ")
                .append(TIME.format(s.plan().started()))
                .append(" &middot; ")
                .append(s.plan().jobs())
                .append(" job(s) &middot; console: ")
                .append(text(s.plan().console()))
                .append(" &middot; worst verdict <span class=\"v v-")
                .append(s.worst().name())
                .append("\" id=\"worst\">")
                .append(s.worst().name())
                .append("</span>")
                .append(" &middot; exit code ")
                .append(s.exitCode());
        if (s.interrupted()) {
            h.append(" &middot; <strong>INTERRUPTED</strong>: ")
                    .append(s.notRun().size())
                    .append(" instance(s) not run");
        }
        h.append("</p>\n");
        summary(h, s);
        instances(h, s);
        notRun(h, s);
        h.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, RunSummary s) {
        Map<Verdict, Integer> counts = s.counts();
        int total = s.results().size();
        h.append("<h2>Summary</h2>\n<table id=\"counts\">\n");
        for (Verdict v : Verdict.values()) {
            int n = counts.get(v);
            double pct = total == 0 ? 0 : 100.0 * n / total;
            h.append("<tr data-verdict=\"")
                    .append(v.name())
                    .append("\"><th><span class=\"v v-")
                    .append(v.name())
                    .append("\">")
                    .append(v.name())
                    .append("</span></th><td class=\"count\">")
                    .append(n)
                    .append("</td><td class=\"barcell\"><div class=\"bar v-")
                    .append(v.name())
                    .append("\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", pct))
                    .append("%\"></div></td></tr>\n");
        }
        h.append("<tr><th>total</th><td class=\"count\" id=\"total\">")
                .append(total)
                .append("</td><td></td></tr>\n");
        h.append("</table>\n");
        Duration sum = s.results().stream().map(TestResult::duration).reduce(Duration.ZERO, Duration::plus);
        Optional<TestResult> longest =
                s.results().stream().max((a, b) -> a.duration().compareTo(b.duration()));
        h.append("<p class=\"meta\" id=\"durations\">run took ")
                .append(seconds(s.duration()))
                .append(" &middot; instances together ")
                .append(seconds(sum));
        longest.ifPresent(r -> h.append(" &middot; longest ")
                .append(text(r.instance()))
                .append(' ')
                .append(seconds(r.duration())));
        h.append("</p>\n");
    }

    private static void instances(StringBuilder h, RunSummary s) {
        boolean assessed = !s.assessments().isEmpty();
        h.append("<h2>Instances</h2>\n<p class=\"hint\">Click a column heading to sort; click a reason to see its ")
                .append("evidence and console.</p>\n<table id=\"instances\">\n<thead><tr>")
                .append("<th data-key=\"order\" data-type=\"num\">#</th>")
                .append("<th data-key=\"name\">instance</th>")
                .append("<th data-key=\"verdict\" data-type=\"num\">verdict</th>");
        if (assessed) {
            h.append("<th data-key=\"class\">class</th>");
        }
        h.append("<th data-key=\"cause\">cause</th><th data-key=\"duration\" data-type=\"num\">duration</th>")
                .append("<th data-key=\"reason\">reason</th></tr></thead>\n");
        int order = 0;
        for (TestResult r : s.results()) {
            order++;
            Optional<Assessment> a = s.assessment(r.instance());
            boolean folded = r.verdict() != Verdict.SUCCESS
                    || r.outcome().withWarnings()
                    || a.map(x -> !x.earlierAttempts().isEmpty()).orElse(false);
            h.append("<tbody class=\"inst\" data-order=\"")
                    .append(order)
                    .append("\" data-name=\"")
                    .append(attr(r.instance()))
                    .append("\" data-verdict=\"")
                    .append(r.verdict().ordinal())
                    .append("\" data-class=\"")
                    .append(attr(a.map(HtmlReporter::classWord).orElse("")))
                    .append("\" data-cause=\"")
                    .append(r.outcome().cause().name())
                    .append("\" data-duration=\"")
                    .append(r.duration().toMillis())
                    .append("\" data-reason=\"")
                    .append(attr(r.outcome().reason()))
                    .append("\">\n<tr class=\"row\">")
                    .append("<td>")
                    .append(order)
                    .append("</td><td class=\"name\">")
                    .append(text(r.instance()))
                    .append("</td><td><span class=\"v v-")
                    .append(r.verdict().name())
                    .append("\">")
                    .append(r.verdict().name())
                    .append(r.outcome().withWarnings() ? " (warnings)" : "")
                    .append("</span></td>");
            if (assessed) {
                h.append("<td class=\"class\">");
                a.ifPresent(x -> badges(h, x));
                h.append("</td>");
            }
            h.append("<td>")
                    .append(r.outcome().cause().name())
                    .append(
                            r.outcome().cause().isHarnessProblem()
                                    ? " <span class=\"badge harness\">harness</span>"
                                    : "")
                    .append("</td><td class=\"num\">")
                    .append(seconds(r.duration()))
                    .append("</td><td class=\"reason\">");
            if (folded) {
                h.append("<details class=\"evidence\"><summary>")
                        .append(text(r.outcome().reason()))
                        .append("</summary>");
                evidence(h, r);
                a.ifPresent(x -> earlierAttempts(h, x));
                h.append("</details>");
            } else {
                h.append(text(r.outcome().reason()));
            }
            h.append("</td></tr>\n</tbody>\n");
        }
        h.append("</table>\n");
        if (assessed) {
            goneInstances(h, s);
        }
    }

    private static void evidence(StringBuilder h, TestResult r) {
        Evidence e = r.evidence();
        h.append("<dl>");
        if (r.attempt() > 1) {
            dd(h, "attempt", Integer.toString(r.attempt()));
        }
        if (!r.outcome().details().isEmpty()) {
            dd(h, "details", String.join("\n", r.outcome().details()));
        }
        if (!e.consoleOrigin().isEmpty()) {
            dd(
                    h,
                    "console",
                    e.consoleOrigin()
                            + e.consoleLocation()
                                    .map(l -> " (" + l.name() + ")")
                                    .orElse("") + ", " + e.consoleBytes() + " bytes");
        }
        e.domainState().ifPresent(v -> dd(h, "domain state", v));
        for (String n : e.notes()) {
            dd(h, "note", n);
        }
        h.append("</dl>");
        if (e.consoleExcerpt().isEmpty()) {
            h.append("<p class=\"none\">no console output</p>");
        } else {
            h.append("<pre class=\"console\">")
                    .append(text(String.join("\n", e.consoleExcerpt())))
                    .append("</pre>");
        }
        e.hypervisorLog()
                .ifPresent(log -> h.append("<details class=\"hv\"><summary>xl dmesg (tail)</summary>")
                        .append("<pre>")
                        .append(text(log))
                        .append("</pre></details>"));
        e.domainDetails()
                .ifPresent(d -> h.append("<details class=\"hv\"><summary>xl list -l</summary>")
                        .append("<pre>")
                        .append(text(d))
                        .append("</pre></details>"));
    }

    private static void earlierAttempts(StringBuilder h, Assessment a) {
        if (a.earlierAttempts().isEmpty()) {
            return;
        }
        h.append("<details class=\"attempts\"><summary>")
                .append(a.earlierAttempts().size())
                .append(" earlier attempt(s)</summary>");
        for (TestResult t : a.earlierAttempts()) {
            h.append("<div class=\"attempt\"><p>attempt ")
                    .append(t.attempt())
                    .append(": <span class=\"v v-")
                    .append(t.verdict().name())
                    .append("\">")
                    .append(t.verdict().name())
                    .append("</span> ")
                    .append(text(t.outcome().reason()))
                    .append("</p>");
            evidence(h, t);
            h.append("</div>");
        }
        h.append("</details>");
    }

    private static void badges(StringBuilder h, Assessment a) {
        a.change().ifPresent(c -> {
            h.append("<span class=\"badge c-").append(c.name()).append("\"");
            a.previousVerdict()
                    .ifPresent(p ->
                            h.append(" title=\"earlier run: ").append(p.name()).append('"'));
            h.append('>')
                    .append(c.name().replace('_', ' ').toLowerCase(Locale.ROOT))
                    .append("</span> ");
        });
        a.toleratedBecause()
                .ifPresent(t -> h.append("<span class=\"badge tolerated\" title=\"")
                        .append(attr(t))
                        .append("\">tolerated</span> <span class=\"why\">")
                        .append(text(t))
                        .append("</span> "));
        if (a.flaky()) {
            h.append("<span class=\"badge flaky\">flaky</span>");
        }
    }

    private static String classWord(Assessment a) {
        StringBuilder b = new StringBuilder();
        a.change().ifPresent(c -> b.append(c.name()).append(' '));
        a.toleratedBecause().ifPresent(t -> b.append("TOLERATED "));
        if (a.flaky()) {
            b.append("FLAKY");
        }
        return b.toString().strip();
    }

    private static void goneInstances(StringBuilder h, RunSummary s) {
        List<String> gone = s.assessments().values().stream()
                .filter(a -> a.change().orElse(null) == Assessment.Change.GONE)
                .map(Assessment::instance)
                .sorted()
                .toList();
        if (gone.isEmpty()) {
            return;
        }
        h.append("<h2>In the earlier run, not in this one</h2>\n<ul id=\"gone\">");
        for (String g : gone) {
            h.append("<li>").append(text(g)).append("</li>");
        }
        h.append("</ul>\n");
    }

    private static void notRun(StringBuilder h, RunSummary s) {
        if (s.notRun().isEmpty()) {
            return;
        }
        h.append("<h2>Not run (the run was interrupted)</h2>\n<ul id=\"notrun\">");
        for (String n : s.notRun()) {
            h.append("<li>").append(text(n)).append("</li>");
        }
        h.append("</ul>\n");
    }

    private static void dd(StringBuilder h, String term, String value) {
        h.append("<dt>").append(term).append("</dt><dd>").append(text(value)).append("</dd>");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Escapes text for HTML content and attribute values, and replaces what HTML cannot carry. */
    static String text(String raw) {
        // Bidi controls and zero-width characters first become visible escapes, as in every report.
        String s = TerminalText.printableLines(raw);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                if ((cp & 0xFFFE) == 0xFFFE) {
                    b.append('\uFFFD');
                } else {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\t', '\n' -> b.append(c);
                default -> b.append(carriable(c) ? c : '\uFFFD');
            }
        }
        return b.toString();
    }

    private static String attr(String s) {
        return text(s).replace("\n", "&#10;").replace("\t", "&#9;");
    }

    private static boolean carriable(char c) {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c)) {
            return false;
        }
        return !(c >= 0xFDD0 && c <= 0xFDEF) && c != 0xFFFE && c != 0xFFFF;
    }

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}
            h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
            .meta,.hint{color:#555}
            table{border-collapse:collapse}
            #counts th{text-align:left;padding:2px 8px}#counts td{padding:2px 8px}
            .count{text-align:right;font-variant-numeric:tabular-nums;min-width:3em}
            .barcell{width:24em}.bar{height:1em;min-width:1px;border-radius:2px}
            #instances{width:100%}
            #instances th{text-align:left;background:#eee;padding:4px 8px;cursor:pointer;user-select:none;white-space:nowrap}
            #instances th.asc::after{content:" \\25B2"}#instances th.desc::after{content:" \\25BC"}
            #instances td{padding:4px 8px;border-top:1px solid #ddd;vertical-align:top}
            .num{text-align:right;white-space:nowrap}.name{font-family:monospace;white-space:nowrap}
            .v{display:inline-block;padding:0 6px;border-radius:3px;font-weight:600;color:#fff;font-size:.9em}
            .v-SUCCESS{background:#2e7d32}.v-SKIP{background:#757575}.v-ERROR{background:#ef6c00}
            .v-FAILURE{background:#c62828}.v-CRASH{background:#6a1b9a}
            .badge{display:inline-block;padding:0 5px;border-radius:3px;font-size:.85em;border:1px solid #999}
            .harness{border-color:#ef6c00;color:#ef6c00}.c-REGRESSION{background:#c62828;color:#fff}
            .c-FIXED{background:#2e7d32;color:#fff}.tolerated{background:#fff3c4}.flaky{background:#e1f5fe}
            .why{color:#555;font-size:.9em}
            summary{cursor:pointer}
            pre{background:#f6f6f6;border:1px solid #ddd;padding:6px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;max-height:30em}
            dl{display:grid;grid-template-columns:max-content auto;gap:0 1em;margin:.5em 0}dt{color:#555}dd{margin:0;white-space:pre-wrap}
            .attempt{border-left:3px solid #ccc;padding-left:8px;margin:.5em 0}
            """;

    // Sorts whole <tbody> groups, so each instance's folded evidence stays under it.
    private static final String SCRIPT = """
            (function(){
              var table=document.getElementById('instances');
              if(!table){return;}
              var heads=table.tHead.rows[0].cells;
              Array.prototype.forEach.call(heads,function(th){
                th.tabIndex=0;
                th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();th.click();}});
                th.addEventListener('click',function(){
                  var key=th.getAttribute('data-key'),num=th.getAttribute('data-type')==='num';
                  var asc=!th.classList.contains('asc');
                  Array.prototype.forEach.call(heads,function(o){o.classList.remove('asc','desc');o.removeAttribute('aria-sort');});
                  th.classList.add(asc?'asc':'desc');
                  th.setAttribute('aria-sort',asc?'ascending':'descending');
                  var groups=Array.prototype.slice.call(table.tBodies);
                  groups.sort(function(a,b){
                    var x=a.getAttribute('data-'+key),y=b.getAttribute('data-'+key);
                    var c=num?(Number(x)-Number(y)):x.localeCompare(y);
                    if(c===0){c=Number(a.getAttribute('data-order'))-Number(b.getAttribute('data-order'));}
                    return asc?c:-c;
                  });
                  groups.forEach(function(g){table.appendChild(g);});
                });
              });
            })();
            """;
}
