package org.xtfharness.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One step of a simulated guest's {@link GuestScript}. Output steps write to the guest's console,
 * which the simulated xenconsoled copies into the guest log as it arrives.
 */
public sealed interface GuestStep
        permits GuestStep.Print,
                GuestStep.Raw,
                GuestStep.Sleep,
                GuestStep.Flood,
                GuestStep.CrashFirstRun,
                GuestStep.Console,
                GuestStep.End {

    /**
     * One line of text, sent as UTF-8 and ended with {@code \r\n} as XTF ends its lines.
     *
     * @param line the text, without a line ending
     */
    record Print(String line) implements GuestStep {
        public Print {
            Objects.requireNonNull(line, "line");
        }

        /** The bytes the guest sends: the line in UTF-8 and {@code \r\n}. */
        public byte[] bytes() {
            return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Bytes sent exactly as given: garbage, invalid UTF-8, NULs, partial lines.
     *
     * @param bytes the bytes (copied on the way in and out)
     */
    record Raw(byte[] bytes) implements GuestStep {
        public Raw {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && Arrays.equals(bytes, r.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Raw[" + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32))
                    + (bytes.length > 32 ? "..." : "") + "]";
        }
    }

    /**
     * The guest waits; the host's time scale stretches or shrinks the wait.
     *
     * @param duration how long, before scaling
     */
    record Sleep(Duration duration) implements GuestStep {
        public Sleep {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a sleep cannot be negative: " + duration);
            }
        }
    }

    /**
     * Exactly {@code bytes} bytes of filler lines, each ended with {@code \r\n} (the last one may be
     * shorter), as a guest that floods its console.
     *
     * @param bytes how many bytes in all
     */
    record Flood(long bytes) implements GuestStep {
        public Flood {
            if (bytes < 0) {
                throw new IllegalArgumentException("a flood cannot be negative: " + bytes);
            }
        }
    }

    /**
     * On the first run of this guest on a host the guest crashes here; on later runs it carries on:
     * a flaky test, for retries.
     */
    record CrashFirstRun() implements GuestStep {}

    /**
     * What xenconsoled or logrotate does to the guest's log at this point: the faults that can
     * fall between the runner's mark and its read.
     *
     * @param action what happens to the log
     */
    record Console(LogAction action) implements GuestStep {
        public Console {
            Objects.requireNonNull(action, "action");
        }
    }

    /** Something done to a guest log from outside the guest. */
    enum LogAction {
        /** SIGHUP to xenconsoled: close the log and open it again by name, appending. */
        REOPEN,
        /** logrotate's copytruncate: copy the log to {@code NAME.log.1}, truncate it, keep writing. */
        COPYTRUNCATE,
        /** Rename the log to {@code NAME.log.1}, then SIGHUP: further output goes to a new {@code NAME.log}. */
        RENAME
    }

    /**
     * The guest's end: the last step of every script.
     *
     * @param how poweroff, crash, reboot, watchdog or hang
     */
    record End(GuestEnd how) implements GuestStep {
        public End {
            Objects.requireNonNull(how, "how");
        }
    }
}
