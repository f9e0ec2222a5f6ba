package org.xtfharness.doctor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xtfharness.console.LogLayout;

/**
 * What the doctor inspects and how. Build with {@link #builder()}.
 *
 * @param root prefix under which every host path is read ({@code /} on a real host; a fixture tree
 *     in tests)
 * @param xlCommand the command prefix for xl, e.g. {@code [xl]} or {@code [sh, /fixture/usr/sbin/xl]}
 * @param xenstoreReadCommand the command prefix for xenstore-read
 * @param domain a running domain whose console path in xenstore to check, if any
 * @param logLayout where the runner will read guest logs, if it will: the doctor then checks that
 *     xenconsoled writes them there
 * @param minFreeKib below this much free space in the log directory the doctor warns
 * @param commandTimeout the deadline of each command it runs
 */
public record DoctorOptions(
        String root,
        List<String> xlCommand,
        List<String> xenstoreReadCommand,
        Optional<String> domain,
        Optional<LogLayout> logLayout,
        long minFreeKib,
        Duration commandTimeout) {

    public DoctorOptions {
        Objects.requireNonNull(root, "root");
        if (!root.startsWith("/")) {
            throw new IllegalArgumentException("the doctor's root must be an absolute path, got: " + root);
        }
        xlCommand = List.copyOf(xlCommand);
        xenstoreReadCommand = List.copyOf(xenstoreReadCommand);
        if (xlCommand.isEmpty() || xenstoreReadCommand.isEmpty()) {
            throw new IllegalArgumentException("the xl and xenstore-read commands cannot be empty");
        }
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(logLayout, "logLayout");
        if (minFreeKib < 0) {
            throw new IllegalArgumentException("minFreeKib < 0");
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
    }

    /** Defaults: root {@code /}, {@code xl}, {@code xenstore-read}, no domain, no log layout, 100 MiB, 30 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults for a real host. */
    public static DoctorOptions defaults() {
        return builder().build();
    }

    /** Builds {@link DoctorOptions}. */
    public static final class Builder {
        private String root = "/";
        private List<String> xl = List.of("xl");
        private List<String> xenstoreRead = List.of("xenstore-read");
        private Optional<String> domain = Optional.empty();
        private Optional<LogLayout> logLayout = Optional.empty();
        private long minFreeKib = 100 * 1024;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder() {}

        /** Reads host paths under this prefix. */
        public Builder root(String root) {
            this.root = root;
            return this;
        }

        /** The xl command prefix. */
        public Builder xlCommand(List<String> command) {
            this.xl = command;
            return this;
        }

        /** The xenstore-read command prefix. */
        public Builder xenstoreReadCommand(List<String> command) {
            this.xenstoreRead = command;
            return this;
        }

        /** Also checks this running domain's console tty in xenstore. */
        public Builder domain(String name) {
            this.domain = Optional.of(name);
            return this;
        }

        /** Also checks that xenconsoled writes guest logs where the runner will read them. */
        public Builder logLayout(LogLayout layout) {
            this.logLayout = Optional.of(layout);
            return this;
        }

        /** Warns below this much free space in the log directory. */
        public Builder minFreeKib(long kib) {
            this.minFreeKib = kib;
            return this;
        }

        /** The deadline of each command. */
        public Builder commandTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The options. */
        public DoctorOptions build() {
            return new DoctorOptions(root, xl, xenstoreRead, domain, logLayout, minFreeKib, timeout);
        }
    }
}
