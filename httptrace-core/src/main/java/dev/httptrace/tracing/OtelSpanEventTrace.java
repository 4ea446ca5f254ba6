package dev.httptrace.tracing;

import java.net.URI;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Span events written on the OpenTelemetry span under Micrometer's bridge, with attributes: {@code error.type} (the
 * error's simple class name) on an event whose hook reports an error, {@code network.peer.address} and
 * {@code network.peer.port} on {@code connectStart} / {@code connectDone}, {@code http.response.status_code} on
 * {@code got1xxResponse}. An event without attributes is the hook's name and time only. Loaded only when the bridge
 * is on the class path.
 */
final class OtelSpanEventTrace extends SpanEventTrace {

    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");

    static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");

    static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");

    private final io.opentelemetry.api.trace.Span otel;

    private OtelSpanEventTrace(Tracer tracer, Span span, URI uri, boolean phaseSpans) {
        super(tracer, span, uri, phaseSpans);
        this.otel = OtelSpan.toOtel(span);
    }

    static SpanEventTrace create(Tracer tracer, Span span, URI uri, boolean phaseSpans) {
        return new OtelSpanEventTrace(tracer, span, uri, phaseSpans);
    }

    static boolean accepts(Span span) {
        return span instanceof OtelSpan;
    }

    @Override
    void event(String name, @Nullable Throwable err, @Nullable String peer) {
        if (err == null && peer == null) {
            otel.addEvent(name);
            return;
        }
        AttributesBuilder attributes = Attributes.builder();
        if (peer != null) {
            attributes.put(PEER_ADDRESS, peerAddress(peer));
            attributes.put(PEER_PORT, peerPort(peer));
        }
        if (err != null) {
            attributes.put(ERROR_TYPE, err.getClass().getSimpleName());
        }
        otel.addEvent(name, attributes.build());
    }

    @Override
    void interimResponse(int code) {
        otel.addEvent("got1xxResponse", Attributes.of(STATUS_CODE, (long) code));
    }
}
