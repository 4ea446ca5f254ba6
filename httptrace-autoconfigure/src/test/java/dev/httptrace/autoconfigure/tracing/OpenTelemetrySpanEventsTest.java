package dev.httptrace.autoconfigure.tracing;

/**
 * The span events with Boot's OpenTelemetry tracing ({@code spring-boot-micrometer-tracing-opentelemetry}, Micrometer's
 * OpenTelemetry bridge), the spans exported to OpenTelemetry's in-memory exporter: events carry attributes.
 */
class OpenTelemetrySpanEventsTest extends SpanEventsContract {

    OpenTelemetrySpanEventsTest() {
        super(TracerKind.OPENTELEMETRY);
    }
}
