package dev.httptrace.exchange;

/**
 * Told of every attempt that ended, by the {@link ExchangeTraceFactory} it was given to.
 */
@FunctionalInterface
public interface ExchangeListener {

    /**
     * Called once per attempt, on the thread of the hook that ended it ({@code responseBodyDone} runs on the thread
     * that read or closed the body; the event loop's, for a reactive client): must not block. The timeline has
     * ended and no hook writes to it again (a retry writes a new one): it may be kept as it is. What it throws is the hook's failure: the
     * transport logs and counts it, the request goes on.
     */
    void exchangeDone(ExchangeTimeline exchange);
}
