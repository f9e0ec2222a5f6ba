package org.xtfharness.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.xtfharness.console.ConsoleCapture;
import org.xtfharness.console.ConsoleSession;
import org.xtfharness.console.ConsoleSource;
import org.xtfharness.domain.DomainController;
import org.xtfharness.domain.DomainEnd;
import org.xtfharness.domain.DomainId;
import org.xtfharness.domain.DomainInfo;
import org.xtfharness.domain.DomainSpec;
import org.xtfharness.domain.HostCapabilities;
import org.xtfharness.domain.ShutdownReason;

/**
 * A host where every guest prints SUCCESS and powers off at once, except those named to hang:
 * they run until destroyed. Domains and console in one hand-written fake, for runner lifecycle tests.
 */
public final class PassingHost implements DomainController, ConsoleSource {

    private final Set<String> hanging;
    private final Map<String, DomainId> live = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1);
    /** Counted down when a hanging guest starts, so a test can abort while it runs. */
    final CountDownLatch hangStarted = new CountDownLatch(1);

    private final CountDownLatch hangDestroyed = new CountDownLatch(1);

    public PassingHost(String... hanging) {
        this.hanging = Set.of(hanging);
    }

    /** The domains that exist now, Domain-0 aside. */
    Set<String> domains() {
        return Set.copyOf(live.keySet());
    }

    @Override
    public DomainId createPaused(DomainSpec spec) {
        DomainId id = new DomainId(ids.getAndIncrement());
        live.put(spec.name(), id);
        return id;
    }

    @Override
    public void unpause(DomainId id) {}

    @Override
    public Optional<DomainInfo> find(String name) {
        return Optional.ofNullable(live.get(name)).map(id -> new DomainInfo(name, id, Set.of(), Optional.empty()));
    }

    @Override
    public List<DomainInfo> list() {
        return live.keySet().stream().map(n -> find(n).orElseThrow()).toList();
    }

    @Override
    public DomainEnd awaitShutdown(DomainId id, String name, Duration timeout) {
        if (hanging.contains(name)) {
            hangStarted.countDown();
            try {
                hangDestroyed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DomainEnd.vanished(Optional.empty(), Duration.ZERO);
        }
        return DomainEnd.shutdown(
                new DomainInfo(name, id, Set.of(DomainInfo.Flag.SHUTDOWN), Optional.of(ShutdownReason.POWEROFF)),
                Duration.ZERO);
    }

    @Override
    public boolean destroy(String name) {
        if (hanging.contains(name)) {
            hangDestroyed.countDown();
        }
        return live.remove(name) != null;
    }

    @Override
    public HostCapabilities capabilities() {
        return new HostCapabilities("4.17.0", Set.of("xen-3.0-x86_64"), Set.of("hvm"));
    }

    @Override
    public ConsoleSession open(String domainName) {
        return () -> new ConsoleCapture(
                List.of("--- Xen Test Framework ---", "Test result: SUCCESS"),
                48,
                0,
                "fake console",
                ConsoleCapture.Location.SIMULATED,
                List.of());
    }

    @Override
    public String describe() {
        return "fake console";
    }
}
