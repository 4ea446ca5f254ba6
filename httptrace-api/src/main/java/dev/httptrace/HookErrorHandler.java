package dev.httptrace;

/**
 * Told when a {@link ClientTrace} hook threw. The transport catches the exception, calls this handler and
 * goes on with the request and with the hooks after it: a broken trace never breaks a request.
 */
@FunctionalInterface
public interface HookErrorHandler {

    /**
     * Called on the thread that ran the hook, right after it threw.
     *
     * @param hook the hook's method name ({@code "gotConn"})
     * @param error what it threw
     */
    void hookFailed(String hook, Throwable error);

    /**
     * A handler that logs at WARN through SLF4J (logger {@code dev.httptrace.HookErrorHandler}), at most one
     * line per hook name every {@code 10} seconds, with the stack trace; the rest at DEBUG.
     */
    static HookErrorHandler logging() {
        return new RateLimitedHookErrorLogger(10_000_000_000L);
    }

    /** Returns a handler that calls this one, then {@code next}, each even when the other throws. */
    default HookErrorHandler andThen(HookErrorHandler next) {
        return (hook, error) -> {
            try {
                hookFailed(hook, error);
            } finally {
                next.hookFailed(hook, error);
            }
        };
    }
}
