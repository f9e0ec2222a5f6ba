package org.xtfharness.shard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.error.ConfigurationException;
import org.xtfharness.error.InfrastructureException;
import org.xtfharness.error.Messages;

/**
 * Which shard a CI engine's job is, from the variables the engine sets ({@code --shard auto}).
 *
 * <ul>
 *   <li>GitLab's {@code parallel: N}: {@code CI_NODE_INDEX} (from 1) and {@code CI_NODE_TOTAL};
 *       a job without {@code parallel:} has {@code CI_NODE_TOTAL=1} and no index, the whole.</li>
 *   <li>Bazel's test sharding: {@code TEST_SHARD_INDEX} (from 0) and {@code TEST_TOTAL_SHARDS};
 *       a runner that shards must touch {@code TEST_SHARD_STATUS_FILE} when Bazel names one, or
 *       Bazel takes it for a runner that ignores sharding.</li>
 * </ul>
 *
 * When both are set (Bazel run inside a GitLab job), they must agree, or nothing is guessed.
 */
public final class ShardEnvironment {

    /**
     * A shard found in the environment.
     *
     * @param shard the shard
     * @param source which variables said so, for the user
     * @param statusFile Bazel's {@code TEST_SHARD_STATUS_FILE}, to touch, if it was set
     */
    public record Detected(Shard shard, String source, Optional<Path> statusFile) {

        public Detected {
            Objects.requireNonNull(shard, "shard");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(statusFile, "statusFile");
        }
    }

    private ShardEnvironment() {}

    /**
     * The shard the environment names.
     *
     * @throws ConfigurationException if neither engine's variables are set, a value is not a number
     *     in range, or the two engines disagree
     */
    public static Detected detect(Map<String, String> env) {
        Optional<Detected> gitlab = gitlab(env);
        Optional<Detected> bazel = bazel(env);
        if (gitlab.isPresent() && bazel.isPresent()) {
            if (!gitlab.get().shard().equals(bazel.get().shard())) {
                throw new ConfigurationException("--shard auto: GitLab's variables say shard "
                        + gitlab.get().shard() + " (" + gitlab.get().source() + ") but Bazel's say "
                        + bazel.get().shard() + " (" + bazel.get().source() + "): give --shard K/N");
            }
            return bazel.get();
        }
        return bazel.or(() -> gitlab)
                .orElseThrow(() -> new ConfigurationException("--shard auto found no shard in the environment: "
                        + "neither GitLab's CI_NODE_INDEX and CI_NODE_TOTAL (parallel:) nor Bazel's "
                        + "TEST_SHARD_INDEX and TEST_TOTAL_SHARDS are set; give --shard K/N"));
    }

    private static Optional<Detected> gitlab(Map<String, String> env) {
        String total = env.get("CI_NODE_TOTAL");
        String index = env.get("CI_NODE_INDEX");
        if (total == null && index == null) {
            return Optional.empty();
        }
        if (total == null) {
            throw new ConfigurationException(
                    "--shard auto: CI_NODE_INDEX=" + index + " is set but CI_NODE_TOTAL is not");
        }
        int n = number("CI_NODE_TOTAL", total);
        if (index == null) {
            if (n != 1) {
                throw new ConfigurationException(
                        "--shard auto: CI_NODE_TOTAL=" + total + " is set but CI_NODE_INDEX is not");
            }
            return Optional.of(
                    new Detected(Shard.whole(), "GitLab's CI_NODE_TOTAL=1 (no parallel:)", Optional.empty()));
        }
        int k = number("CI_NODE_INDEX", index);
        return Optional.of(new Detected(
                inRange(k, n, "CI_NODE_INDEX=" + index + ", CI_NODE_TOTAL=" + total),
                "GitLab's CI_NODE_INDEX=" + index + " of CI_NODE_TOTAL=" + total,
                Optional.empty()));
    }

    private static Optional<Detected> bazel(Map<String, String> env) {
        String total = env.get("TEST_TOTAL_SHARDS");
        String index = env.get("TEST_SHARD_INDEX");
        if (total == null && index == null) {
            return Optional.empty();
        }
        if (total == null || index == null) {
            throw new ConfigurationException("--shard auto: Bazel sets TEST_SHARD_INDEX and TEST_TOTAL_SHARDS "
                    + "together, but only " + (total == null ? "TEST_SHARD_INDEX" : "TEST_TOTAL_SHARDS")
                    + " is set");
        }
        int n = number("TEST_TOTAL_SHARDS", total);
        int k = number("TEST_SHARD_INDEX", index);
        Optional<Path> status = Optional.ofNullable(env.get("TEST_SHARD_STATUS_FILE"))
                .filter(s -> !s.isEmpty())
                .map(Path::of);
        return Optional.of(new Detected(
                inRange(k + 1L, n, "TEST_SHARD_INDEX=" + index + " (from 0), TEST_TOTAL_SHARDS=" + total),
                "Bazel's TEST_SHARD_INDEX=" + index + " (from 0) of TEST_TOTAL_SHARDS=" + total,
                status));
    }

    private static Shard inRange(long k, int n, String from) {
        if (n < 1 || n > Shard.MAX_TOTAL || k < 1 || k > n) {
            throw new ConfigurationException("--shard auto: " + from + " is no shard: shards of 1 to " + Shard.MAX_TOTAL
                    + ", numbered from 1 (GitLab) or 0 (Bazel)");
        }
        return new Shard((int) k, n);
    }

    private static int number(String variable, String value) {
        if (!value.matches("[0-9]{1,9}")) {
            throw new ConfigurationException("--shard auto: " + variable + "='" + value + "' is not a number");
        }
        return Integer.parseInt(value);
    }

    /**
     * Touches Bazel's status file: creates it, or updates its time, never its contents.
     *
     * @throws InfrastructureException if it cannot be
     */
    public static void touch(Path statusFile) {
        try {
            if (Files.exists(statusFile)) {
                Files.setLastModifiedTime(statusFile, FileTime.from(Instant.now()));
            } else {
                Files.createFile(statusFile);
            }
        } catch (IOException e) {
            throw new InfrastructureException(
                    "cannot touch Bazel's TEST_SHARD_STATUS_FILE " + statusFile + ": " + Messages.reason(e), e);
        }
    }
}
