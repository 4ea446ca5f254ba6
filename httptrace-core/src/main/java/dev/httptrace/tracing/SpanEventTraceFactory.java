package dev.httptrace.tracing;

import java.net.URI;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.TracedRequest;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Span events on the tracer's current span, for requests outside Spring's {@code http.client.requests} observation
 * (plain HttpClient 5 through {@code TracingHttpClients}): the span current on the thread when the request starts
 * gets one event per hook, named as the hook, at the hook's time ({@link ClientRequestSpanEvents} says what each
 * event carries). No current span, or a span not sampled: the request is not traced.
 *
 * <pre>{@code
 * SpanEventTraceFactory spanEvents = new SpanEventTraceFactory(tracer, false);
 * Span span = tracer.nextSpan().name("fetch orders").start();
 * try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
 *     HttpGet get = new HttpGet(uri);
 *     client.execute(get, HttpTrace.withClientTrace(HttpClientContext.create(), spanEvents.trace(get.getUri())),
 *             response -> EntityUtils.toString(response.getEntity()));
 * } finally {
 *     span.end(); // after the response is closed, so that putIdleConn is on the span
 * }
 * }</pre>
 *
 * <p>As a {@code ClientTraceFactory} bean (Boot), it serves every request the same way.
 *
 * <p>This factory cannot know when the application ends its span: hooks that run after it (the response closed
 * later) write to an ended span, which OpenTelemetry ignores and Brave does not. End the span after closing the
 * response.
 */
public final class SpanEventTraceFactory implements ClientTraceFactory {

    private final Tracer tracer;

    private final boolean phaseSpans;

    /**
     * @param tracer the tracer whose current span gets the events
     * @param phaseSpans whether each DNS lookup, TCP connect and TLS handshake is also a child span
     */
    public SpanEventTraceFactory(Tracer tracer, boolean phaseSpans) {
        this.tracer = tracer;
        this.phaseSpans = phaseSpans;
    }

    @Override
    public ClientTrace create(TracedRequest request) {
        return trace(request.uri());
    }

    /**
     * The trace of one request to {@code uri} (its host and port name the phase spans' server), writing onto the
     * span current on this thread now; {@link ClientTrace#NONE} when there is none or it is not sampled.
     */
    public ClientTrace trace(URI uri) {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return ClientTrace.NONE;
        }
        return SpanEventTrace.of(tracer, span, uri, phaseSpans);
    }

    @Override
    public String toString() {
        return "SpanEventTraceFactory[current span, phaseSpans=" + phaseSpans + "]";
    }
}
