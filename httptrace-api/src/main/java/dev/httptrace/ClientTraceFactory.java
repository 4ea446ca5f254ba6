package dev.httptrace;

/**
 * Creates one fresh {@link ClientTrace} per request, for traces that keep per-request state (timestamps,
 * a log prefix). OkHttp's {@code EventListener.Factory}.
 */
@FunctionalInterface
public interface ClientTraceFactory {

    /**
     * Called once per request on the thread that executes it, before the request's first hook.
     *
     * @return the request's trace; {@link ClientTrace#NONE} to not trace it
     */
    ClientTrace create(TracedRequest request);
}
