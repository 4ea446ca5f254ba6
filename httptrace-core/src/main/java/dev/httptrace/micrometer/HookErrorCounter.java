package dev.httptrace.micrometer;

import dev.httptrace.HookErrorHandler;
import dev.httptrace.internal.BoundedCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@link MeterClientTraceFactory#hookErrorHandler()}: counts {@code httptrace.hook.errors} by {@code hook}. */
final class HookErrorCounter implements HookErrorHandler {

    /** ClientTrace has 19 hooks; room for a few more before names stop being cached. */
    private static final int MAX_HOOKS = 32;

    private final MeterRegistry registry;

    /** Hook name to its counter; beyond {@value #MAX_HOOKS} names, registered (looked up) each time. */
    private final BoundedCache<String, Counter> counters = new BoundedCache<>(MAX_HOOKS, this::register, this::register);

    HookErrorCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    private Counter register(String hook) {
        return Counter.builder("httptrace.hook.errors")
                .description("ClientTrace hooks that threw (the request went on)")
                .tag("hook", hook)
                .register(registry);
    }

    @Override
    public void hookFailed(String hook, Throwable error) {
        Counter counter = counters.get(hook);
        counter.increment();
    }

    @Override
    public String toString() {
        return "HookErrorCounter[httptrace.hook.errors]";
    }
}
