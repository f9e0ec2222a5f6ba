package org.xtfharness.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtfharness.error.ConfigurationException;

class ShardEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void gitLabParallelCountsFromOne() {
        ShardEnvironment.Detected d = ShardEnvironment.detect(Map.of("CI_NODE_INDEX", "3", "CI_NODE_TOTAL", "4"));
        assertThat(d.shard()).isEqualTo(new Shard(3, 4));
        assertThat(d.source()).contains("GitLab").contains("CI_NODE_INDEX=3");
        assertThat(d.statusFile()).isEmpty();
    }

    @Test
    void aGitLabJobWithoutParallelIsTheWhole() {
        assertThat(ShardEnvironment.detect(Map.of("CI_NODE_TOTAL", "1")).shard())
                .isEqualTo(Shard.whole());
    }

    @Test
    void bazelCountsFromZeroAndNamesItsStatusFile() {
        ShardEnvironment.Detected d = ShardEnvironment.detect(
                Map.of("TEST_SHARD_INDEX", "0", "TEST_TOTAL_SHARDS", "2", "TEST_SHARD_STATUS_FILE", "/tmp/status"));
        assertThat(d.shard()).isEqualTo(new Shard(1, 2));
        assertThat(d.source()).contains("Bazel");
        assertThat(d.statusFile()).contains(Path.of("/tmp/status"));
    }

    @Test
    void bothEnginesMustAgree() {
        assertThat(ShardEnvironment.detect(Map.of(
                                "TEST_SHARD_INDEX",
                                "1",
                                "TEST_TOTAL_SHARDS",
                                "2",
                                "CI_NODE_INDEX",
                                "2",
                                "CI_NODE_TOTAL",
                                "2"))
                        .shard())
                .isEqualTo(new Shard(2, 2));
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of(
                        "TEST_SHARD_INDEX", "0", "TEST_TOTAL_SHARDS", "2", "CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GitLab's variables say shard 2/2")
                .hasMessageContaining("Bazel's say 1/2");
    }

    @Test
    void nothingSetOrNonsenseSetIsAClearError() {
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of()))
                .hasMessageContaining("CI_NODE_INDEX")
                .hasMessageContaining("TEST_SHARD_INDEX");
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of("CI_NODE_INDEX", "x", "CI_NODE_TOTAL", "2")))
                .hasMessageContaining("CI_NODE_INDEX='x' is not a number");
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of("CI_NODE_INDEX", "0", "CI_NODE_TOTAL", "2")))
                .hasMessageContaining("is no shard");
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of("TEST_SHARD_INDEX", "2", "TEST_TOTAL_SHARDS", "2")))
                .hasMessageContaining("is no shard");
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of("TEST_TOTAL_SHARDS", "2")))
                .hasMessageContaining("only TEST_TOTAL_SHARDS");
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of("CI_NODE_TOTAL", "3")))
                .hasMessageContaining("CI_NODE_INDEX is not");
        assertThatThrownBy(() -> ShardEnvironment.detect(Map.of("CI_NODE_INDEX", "1", "CI_NODE_TOTAL", "99999999999")))
                .hasMessageContaining("not a number");
    }

    @Test
    void touchingTheStatusFileCreatesItOrKeepsItsContents() throws Exception {
        Path status = dir.resolve("status");
        ShardEnvironment.touch(status);
        assertThat(status).exists().isEmptyFile();

        Files.writeString(status, "kept");
        Files.setLastModifiedTime(status, FileTime.fromMillis(0));
        ShardEnvironment.touch(status);
        assertThat(status).hasContent("kept");
        assertThat(Files.getLastModifiedTime(status).toMillis()).isPositive();
    }
}
