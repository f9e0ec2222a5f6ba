package org.xtfharness.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.journal.Journal;

/** Files that hit a reader's safety limit are refused in words naming the file, never in the reader's internals. */
class ReaderLimitsInWordsTest {

    @TempDir
    Path dir;

    @Test
    void aDeeplyNestedJournalIsRefusedWithoutJacksonsInternals() throws Exception {
        Path journal = Files.writeString(dir.resolve("deep.jsonl"), "[".repeat(5000) + "]".repeat(5000) + "\n");

        assertThatThrownBy(() -> Journal.read(journal))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(journal.toString())
                .hasMessageContaining("nested too deeply")
                .hasMessageNotContaining("StreamReadConstraints")
                .hasMessageNotContaining("getMaxNestingDepth");
        assertThatThrownBy(() -> EarlierRun.read(journal))
                .hasMessageContaining(journal.toString())
                .hasMessageNotContaining("StreamReadConstraints");
    }

    @Test
    void aJUnitFileBeyondTheXmlReadersLimitsIsRefusedWithoutTheJaxpCode() throws Exception {
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i < 12_000; i++) {
            attrs.append(" a").append(i).append("=\"x\"");
        }
        Path junit = Files.writeString(
                dir.resolve("many.xml"),
                "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"s\"><testcase name=\"test-pv64-x\"" + attrs
                        + "/></testsuite></testsuites>\n");

        assertThatThrownBy(() -> EarlierRun.read(junit))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(junit.toString())
                .hasMessageNotContaining("JAXP");
    }

    @Test
    void aBaselineStartingWithAByteOrderMarkIsRead() throws Exception {
        Path file = dir.resolve("xtf.baseline");
        Files.write(file, "\uFEFFtest-pv64-example FAILURE -- known bug\n".getBytes(StandardCharsets.UTF_8));

        Baseline b = Baseline.read(file);

        assertThat(b.rules()).hasSize(1);
        assertThat(b.rules().get(0).pattern()).isEqualTo("test-pv64-example");
    }
}
