package dev.httptrace.micrometer;

import dev.httptrace.internal.BoundedCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The timers of one meter and fixed tags, one per value of the {@code exception} tag: {@code none} or the
 * failure's simple class name. Each is registered on first use and kept; the failures are cached by
 * exception class, at most {@value #MAX_EXCEPTION_TYPES} classes (beyond that, a failure of a new class
 * is still recorded correctly, through a registry look-up).
 */
final class ExceptionTimers {

    static final String EXCEPTION = "exception";

    static final String NONE = "none";

    static final int MAX_EXCEPTION_TYPES = 32;

    private final MeterRegistry registry;

    private final String name;

    private final String description;

    private final Tags tags;

    private final LazyTimer none;

    /** Failure class to its timer; beyond {@value #MAX_EXCEPTION_TYPES} classes, registered (looked up) each time. */
    private final BoundedCache<Class<?>, Timer> failures;

    ExceptionTimers(MeterRegistry registry, String name, String description, Tags tags) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tags = tags;
        this.none = new LazyTimer(registry, name, description, tags.and(EXCEPTION, NONE));
        this.failures = new BoundedCache<>(MAX_EXCEPTION_TYPES, this::register, this::register);
    }

    private Timer register(Class<?> type) {
        return Timer.builder(name).description(description).tags(tags.and(EXCEPTION, exceptionName(type))).register(registry);
    }

    /** The timer for an outcome: {@code err == null} is success ({@code exception=none}). */
    Timer get(@Nullable Throwable err) {
        if (err == null) {
            return none.get();
        }
        return failures.get(err.getClass());
    }

    /** As Spring's {@code http.client.requests}: the simple name, or the full name when there is none. */
    static String exceptionName(Class<?> type) {
        String simpleName = type.getSimpleName();
        return simpleName.isEmpty() ? type.getName() : simpleName;
    }
}
