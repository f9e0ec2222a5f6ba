package org.xtfharness.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one way the harness ends a process it started: SIGTERM, then SIGKILL to whatever is still
 * alive a short grace later. Used at a command's timeout and by {@link RunningCommand#destroy()}.
 */
final class ProcessKiller {

    /** How far a kill reaches. */
    enum Scope {
        /** The process and its descendants: a local command's children could otherwise keep its output open. */
        TREE,
        /**
         * The process alone: an ssh client's descendant may be the shared connection's master (forked by
         * the first client), which must outlive a timed-out command.
         */
        PROCESS_ONLY
    }

    /** How long a process may outlive SIGTERM before it gets SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xtf-harness-process-killer");
        t.setDaemon(true);
        return t;
    });

    private ProcessKiller() {}

    /**
     * Kills the process {@code delay} from now, unless it has ended or the returned future is
     * cancelled first; {@code onKill} runs just before a kill, so the caller can tell a timeout.
     */
    static ScheduledFuture<?> killAfter(Duration delay, ProcessHandle process, Scope scope, Runnable onKill) {
        return SCHEDULER.schedule(
                () -> {
                    if (process.isAlive()) {
                        onKill.run();
                        kill(process, scope);
                    }
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * Sends SIGTERM now and SIGKILL to the survivors after {@link #GRACE}; returns at once. Whether
     * the process has ended is for the caller to wait for.
     */
    static void kill(ProcessHandle process, Scope scope) {
        List<ProcessHandle> victims = new ArrayList<>();
        // Descendants first, and remembered: once the parent is gone they are no longer found through it.
        if (scope == Scope.TREE) {
            process.descendants().forEach(victims::add);
        }
        victims.add(process);
        victims.forEach(ProcessHandle::destroy);
        SCHEDULER.schedule(
                () -> {
                    if (scope == Scope.TREE) {
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                    }
                    victims.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
                },
                GRACE.toNanos(),
                TimeUnit.NANOSECONDS);
    }
}
