/**
 * The hooks in the distributed trace: a span event per hook on the request's span through Micrometer Tracing
 * ({@link dev.httptrace.tracing.ClientRequestSpanEvents} for Spring's {@code http.client.requests} observation,
 * {@link dev.httptrace.tracing.SpanEventTraceFactory} for the tracer's current span), and optional child spans for
 * DNS, TCP connect and TLS. Needs {@code micrometer-tracing}; with its OpenTelemetry bridge, events carry attributes.
 */
@NullMarked
package dev.httptrace.tracing;

import org.jspecify.annotations.NullMarked;
