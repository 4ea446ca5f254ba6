package dev.httptrace.tracing;

import java.net.URI;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Span events through Micrometer Tracing's own API, for every tracer but OpenTelemetry's (Brave: an annotation per
 * hook, at the hook's microsecond by the span's clock): the event is the hook's name, nothing else, whatever went
 * wrong.
 */
final class MicrometerSpanEventTrace extends SpanEventTrace {

    MicrometerSpanEventTrace(Tracer tracer, Span span, URI uri, boolean phaseSpans) {
        super(tracer, span, uri, phaseSpans);
    }

    @Override
    void event(String name, @Nullable Throwable err, @Nullable String peer) {
        span.event(name);
    }

    @Override
    void interimResponse(int code) {
        span.event("got1xxResponse");
    }
}
