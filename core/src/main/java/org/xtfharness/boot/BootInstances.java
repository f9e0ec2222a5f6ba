package org.xtfharness.boot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.xtfharness.domain.DomainId;
import org.xtfharness.error.InfrastructureException;

/** The instances of one boot host, by name: what its controller and console source share. */
final class BootInstances {

    private final Map<String, BootInstance> byName = new ConcurrentHashMap<>();

    void add(BootInstance i) {
        if (byName.putIfAbsent(i.name, i) != null) {
            throw new InfrastructureException("a QEMU for " + i.name + " is already there");
        }
    }

    Optional<BootInstance> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    BootInstance require(String name) {
        return find(name).orElseThrow(() -> new InfrastructureException("no QEMU was prepared for " + name));
    }

    BootInstance require(DomainId id) {
        return byName.values().stream()
                .filter(i -> i.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new InfrastructureException("no QEMU was prepared for domain id " + id));
    }

    Optional<BootInstance> remove(String name) {
        return Optional.ofNullable(byName.remove(name));
    }

    List<BootInstance> all() {
        return List.copyOf(byName.values());
    }
}
