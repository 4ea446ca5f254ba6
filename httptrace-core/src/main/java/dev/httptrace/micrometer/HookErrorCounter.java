package dev.httptrace.micrometer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.httptrace.HookErrorHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@link MeterClientTraceFactory#hookErrorHandler()}: counts {@code httptrace.hook.errors} by {@code hook}. */
final class HookErrorCounter implements HookErrorHandler {

    /** ClientTrace has 15 hooks; room for a few more before names stop being cached. */
    private static final int MAX_HOOKS = 32;

    private final MeterRegistry registry;

    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    HookErrorCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void hookFailed(String hook, Throwable error) {
        Counter counter = counters.get(hook);
        if (counter == null) {
            counter = Counter.builder("httptrace.hook.errors")
                    .description("ClientTrace hooks that threw (the request went on)")
                    .tag("hook", hook)
                    .register(registry);
            if (counters.size() < MAX_HOOKS) {
                counters.putIfAbsent(hook, counter);
            }
        }
        counter.increment();
    }

    @Override
    public String toString() {
        return "HookErrorCounter[httptrace.hook.errors]";
    }
}
