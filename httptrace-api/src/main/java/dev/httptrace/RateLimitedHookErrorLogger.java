package dev.httptrace;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link HookErrorHandler#logging()}: WARN at most once per hook name and interval, DEBUG otherwise. */
final class RateLimitedHookErrorLogger implements HookErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HookErrorHandler.class);

    private final long intervalNanos;

    /** Hook name to the {@link System#nanoTime()} of its last WARN line; at most 15 entries. */
    private final ConcurrentMap<String, AtomicLong> lastWarned = new ConcurrentHashMap<>();

    RateLimitedHookErrorLogger(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void hookFailed(String hook, Throwable error) {
        AtomicLong last = lastWarned.computeIfAbsent(hook, h -> new AtomicLong(System.nanoTime() - intervalNanos));
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= intervalNanos && last.compareAndSet(previous, now)) {
            LOG.warn("ClientTrace hook {} threw; the request goes on (further failures of this hook within {} s are logged at DEBUG)",
                    hook, intervalNanos / 1_000_000_000L, error);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("ClientTrace hook {} threw; the request goes on", hook, error);
        }
    }
}
