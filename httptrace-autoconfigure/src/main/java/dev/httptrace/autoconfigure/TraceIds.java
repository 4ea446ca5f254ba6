package dev.httptrace.autoconfigure;

import java.util.function.Function;

import dev.httptrace.TracedRequest;
import dev.httptrace.tracing.ClientRequestSpanEvents;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import org.jspecify.annotations.Nullable;

/**
 * The trace id of a request's {@code http.client.requests} span, for its recorded exchanges. Loaded only when
 * Micrometer Tracing is on the class path.
 */
final class TraceIds {

    private TraceIds() {
    }

    static Function<TracedRequest, @Nullable String> fromObservations(ObservationRegistry registry) {
        return (request) -> {
            Span span = ClientRequestSpanEvents.clientRequestSpan(registry);
            return span == null || span.isNoop() ? null : span.context().traceId();
        };
    }
}
