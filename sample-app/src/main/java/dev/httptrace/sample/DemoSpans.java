package dev.httptrace.sample;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The demo's span exporter (a {@link SpanExporter} bean, which Boot's OpenTelemetry tracing exports to): keeps the
 * last client spans, so that the demo prints each call's span events, written by httptrace from the hooks, as the
 * tracer exported them.
 */
@Component
final class DemoSpans implements SpanExporter {

    private static final int KEPT = 16;

    private final Deque<SpanData> clientSpans = new ArrayDeque<>();

    private final ObjectProvider<SdkTracerProvider> tracerProvider;

    DemoSpans(ObjectProvider<SdkTracerProvider> tracerProvider) {
        this.tracerProvider = tracerProvider;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
            if (span.getKind() == SpanKind.CLIENT) {
                clientSpans.addLast(span);
                if (clientSpans.size() > KEPT) {
                    clientSpans.removeFirst();
                }
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    /**
     * The span of the last client call, once the tracer exported what it had, as one line:
     * {@code trace 4bf9…: span "http get", 12 events (ms from its start): getConn 0.412 · dnsStart 0.430 · …}; or
     * {@code null} when there is none.
     */
    @Nullable String lastClientSpan() {
        SdkTracerProvider provider = tracerProvider.getIfAvailable();
        if (provider != null) {
            provider.forceFlush().join(5, TimeUnit.SECONDS);
        }
        SpanData span;
        synchronized (this) {
            span = clientSpans.pollLast();
            clientSpans.clear();
        }
        if (span == null) {
            return null;
        }
        StringJoiner events = new StringJoiner(" · ");
        for (EventData event : span.getEvents()) {
            events.add(event.getName() + " " + String.format(Locale.ROOT, "%.3f",
                    (event.getEpochNanos() - span.getStartEpochNanos()) / 1e6));
        }
        return "trace " + span.getTraceId() + ": span \"" + span.getName() + "\", " + span.getEvents().size()
                + " events (ms from its start): " + events;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
