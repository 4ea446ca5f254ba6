package dev.httptrace.autoconfigure.tracing;

/**
 * The span events with Boot's Brave tracing ({@code spring-boot-micrometer-tracing-brave}, Micrometer's Brave bridge),
 * the span objects kept by an in-memory span handler, so that an annotation written after a span ended would show:
 * annotations are names only.
 */
class BraveSpanEventsTest extends SpanEventsContract {

    BraveSpanEventsTest() {
        super(TracerKind.BRAVE);
    }
}
