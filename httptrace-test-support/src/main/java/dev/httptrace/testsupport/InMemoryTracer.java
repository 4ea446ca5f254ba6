package dev.httptrace.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * A real Micrometer Tracing {@link Tracer} that keeps every finished span in memory, for tests outside a Spring
 * context: OpenTelemetry's SDK with its in-memory exporter, or Brave with a span handler that keeps the spans (the
 * objects themselves, so that anything written onto a span after it ended shows).
 */
public final class InMemoryTracer implements AutoCloseable {

    private final String kind;

    private final Tracer tracer;

    private final Supplier<List<RecordedSpan>> spans;

    private final AutoCloseable close;

    private InMemoryTracer(String kind, Tracer tracer, Supplier<List<RecordedSpan>> spans,
            AutoCloseable close) {
        this.kind = kind;
        this.tracer = tracer;
        this.spans = spans;
        this.close = close;
    }

    /** OpenTelemetry's SDK, every span sampled and exported as it ends. */
    public static InMemoryTracer openTelemetry() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        Tracer tracer = new OtelTracer(provider.get("httptrace-test"), new OtelCurrentTraceContext(), (event) -> {
        });
        return new InMemoryTracer("OpenTelemetry", tracer,
                () -> exporter.getFinishedSpanItems().stream().map(RecordedSpan::of).toList(), provider::close);
    }

    /** Brave, every span sampled. */
    public static InMemoryTracer brave() {
        List<MutableSpan> finished = new CopyOnWriteArrayList<>();
        Tracing tracing = Tracing.newBuilder().currentTraceContext(ThreadLocalCurrentTraceContext.create())
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        finished.add(span);
                        return true;
                    }
                }).build();
        Tracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()));
        return new InMemoryTracer("Brave", tracer, () -> finished.stream().map(RecordedSpan::of).toList(),
                tracing::close);
    }

    public Tracer tracer() {
        return tracer;
    }

    /** The spans that ended, in the order they ended. */
    public List<RecordedSpan> spans() {
        return spans.get();
    }

    /** The finished span named {@code name}. */
    public RecordedSpan span(String name) {
        return spans().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans()));
    }

    @Override
    public void close() throws Exception {
        close.close();
    }

    @Override
    public String toString() {
        return kind;
    }
}
