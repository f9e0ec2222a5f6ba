package org.xtfharness.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xtfharness.journal.Journal;

class LibraryExampleTest {

    @Test
    void runsTheSelectionAndReportsEachInstanceThroughItsOwnListener() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit =
                LibraryExample.run(List.of("pv64", "functional"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("example: test-pv64-sim-success SUCCESS")
                .contains("example: test-pv64-sim-skip SKIP")
                .contains("example: test-pv64-sim-fooled FAILURE")
                .contains("example: test-pv64-sim-no-result CRASH")
                .doesNotContain("hvm64");
        assertThat(out)
                .containsPattern("example: [1-9][0-9]* of [1-9][0-9]* instances need a look: .*test-pv64-sim-failure");
        assertThat(exit).as("the exit code of a run with crashes").isEqualTo(6);
        Matcher work =
                Pattern.compile("example: journal and JUnit report in (\\S+)").matcher(out);
        assertThat(work.find()).as(out).isTrue();
        assertThat(Path.of(work.group(1), "junit.xml")).content().contains("test-pv64-sim-success");
        assertThat(Journal.read(Path.of(work.group(1), "journal.jsonl")).results())
                .isNotEmpty();
    }

    @Test
    void reportsWhatTheHostCannotRunAsSkipWithoutRunningIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = LibraryExample.run(
                List.of("pv32pae", "functional"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .containsPattern("example: test-pv32pae-sim-success SKIP: host cannot run pv32pae")
                .contains("example: 0 of 1 instances need a look");
        assertThat(exit).as("only a SKIP").isEqualTo(3);
    }
}
