package dev.httptrace.tracing;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Span events through Micrometer Tracing's own API, for every tracer but OpenTelemetry's (Brave: an annotation per
 * hook, at the hook's microsecond): the event is the hook's name, nothing else, whatever went wrong.
 */
final class MicrometerSpanEventTrace extends SpanEventTrace {

    MicrometerSpanEventTrace(Tracer tracer, Span span, URI uri, boolean phaseSpans) {
        super(tracer, span, uri, phaseSpans);
    }

    @Override
    void event(String name, long epochNanos, @Nullable Throwable err, @Nullable String peer) {
        span.event(name, epochNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    void interimResponse(long epochNanos, int code) {
        span.event("got1xxResponse", epochNanos, TimeUnit.NANOSECONDS);
    }
}
