package dev.httptrace.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * One timer with fixed tags, registered on first use (so that a phase that never happens, such as TLS on a
 * plain-HTTP host, leaves no empty series behind) and kept, so that recording never looks it up again.
 */
final class LazyTimer {

    private final MeterRegistry registry;

    private final String name;

    private final String description;

    private final Tags tags;

    private volatile @Nullable Timer timer;

    LazyTimer(MeterRegistry registry, String name, String description, Tags tags) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tags = tags;
    }

    Timer get() {
        Timer result = timer;
        if (result == null) {
            // a race registers the same id twice; the registry returns the same meter both times
            result = Timer.builder(name).description(description).tags(tags).register(registry);
            timer = result;
        }
        return result;
    }
}
