package org.xtfharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xtfharness.journal.TestResultJson;
import org.xtfharness.run.RunListener;
import org.xtfharness.run.SampleResults;
import org.xtfharness.run.TestResult;

class JsonLinesReporterTest {

    @Test
    void writesOneObjectPerResultAsItFinishesThenASummary() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunListener r = Reporters.jsonLines(out);
        List<TestResult> results = SampleResults.everyVerdict();

        r.instanceFinished(results.get(0));
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("\n").contains("\"type\":\"result\"");
        results.subList(1, results.size()).forEach(r::instanceFinished);
        r.runFinished(SampleResults.summary(results, true));

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.US_ASCII).split("\n")) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).hasSize(results.size() + 1);
        for (int i = 0; i < results.size(); i++) {
            assertThat(lines.get(i).get("type").asText()).isEqualTo("result");
            assertThat(TestResultJson.decode(lines.get(i))).isEqualTo(results.get(i));
        }
        JsonNode summary = lines.get(results.size());
        assertThat(summary.get("type").asText()).isEqualTo("summary");
        assertThat(summary.get("host").asText()).isEqualTo("simulated Xen host (test)");
        assertThat(summary.has("simulated")).isFalse();
        assertThat(summary.get("counts").get("ERROR").asInt()).isEqualTo(3);
        assertThat(summary.get("counts").get("SUCCESS").asInt()).isEqualTo(2);
        assertThat(summary.get("harnessProblems").asInt()).isEqualTo(2);
        assertThat(summary.get("timeouts").asInt()).isEqualTo(1);
        assertThat(summary.get("worst").asText()).isEqualTo("CRASH");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(6);
    }
}
