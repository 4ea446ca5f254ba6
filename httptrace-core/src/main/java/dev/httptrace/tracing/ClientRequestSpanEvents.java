package dev.httptrace.tracing;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.TracedRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Span events on the span of Spring's {@code http.client.requests} observation ({@code RestClient},
 * {@code RestTemplate}, HTTP interface clients, and {@code WebClient}, whose filter makes its observation current
 * while the request's traces are made): the span is taken from the request's observation when the request
 * starts, and every hook that fires writes one event onto it, named exactly as the hook ({@code getConn},
 * {@code dnsStart}, ..., {@code responseBodyDone}, {@code putIdleConn}) at the moment the hook runs, through the
 * tracer ({@code Span.event(name)}, OpenTelemetry's {@code addEvent}), so that it takes the span's own clock
 * (nanoseconds with OpenTelemetry, microseconds with Brave) and lies inside the span. Not an Observation event:
 * those register a counter per event name and carry millisecond wall time.
 *
 * <p>With OpenTelemetry's bridge an event whose hook reports an error carries {@code error.type} (the error's simple
 * class name: {@code connectDone} of a refused connect, {@code dnsDone} of an unknown host, ...), {@code connectStart}
 * and {@code connectDone} carry {@code network.peer.address} and {@code network.peer.port}, and
 * {@code got1xxResponse} carries {@code http.response.status_code}. With Brave (annotations are a time and a string)
 * the event is the hook's name alone.
 *
 * <p>With {@code phaseSpans}, each DNS lookup ({@value SpanEventTrace#DNS_SPAN}, tag {@code dns.question.name}),
 * each TCP connect ({@value SpanEventTrace#CONNECT_SPAN}: {@code server.address}, {@code server.port},
 * {@code network.peer.address}, {@code network.peer.port}) and the TLS handshake ({@value SpanEventTrace#TLS_SPAN}:
 * {@code server.address}, {@code server.port}) of a new connection is also a child span of the request's span,
 * started at its start hook and ended at its done hook, in error with {@code error.type} when it failed.
 *
 * <p>Events that come after Spring stopped the observation ({@code putIdleConn} when {@code RestClient} closes the
 * response after stopping it) are dropped, never written onto another span: register {@link #observationHandler()}
 * with the registry after the tracing handler (Boot: from an {@code ObservationRegistryCustomizer}, which Boot
 * applies after the handler beans). Micrometer stops an observation's handlers in reverse order, so it learns of
 * the stop before the tracing handler ends the span.
 *
 * <p>A request outside such an observation, or whose span is not sampled, is not traced here (see
 * {@link SpanEventTraceFactory} for the tracer's current span).
 */
public final class ClientRequestSpanEvents implements ClientTraceFactory {

    /** Spring WebFlux's {@code WebClient} observation context, when WebFlux is on the class path. */
    private static final @Nullable Class<?> REACTIVE_CONTEXT = reactiveContext();

    private final Tracer tracer;

    private final ObservationRegistry registry;

    private final boolean phaseSpans;

    /**
     * @param tracer the tracer that made the observations' spans (for the phase spans)
     * @param registry the registry whose current observation is the request's
     * @param phaseSpans whether each DNS lookup, TCP connect and TLS handshake is also a child span
     */
    public ClientRequestSpanEvents(Tracer tracer, ObservationRegistry registry, boolean phaseSpans) {
        this.tracer = tracer;
        this.registry = registry;
        this.phaseSpans = phaseSpans;
    }

    /**
     * A handler that stops a request's events when its observation stops; register it with the registry after the
     * tracing handler. It keeps no state: one handler serves every instance of this class.
     */
    public static ObservationHandler<Observation.Context> observationHandler() {
        return new SpanEndHandler();
    }

    private static @Nullable Class<?> reactiveContext() {
        try {
            return Class.forName("org.springframework.web.reactive.function.client.ClientRequestObservationContext",
                    false, ClientRequestSpanEvents.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError ex) {
            return null;
        }
    }

    /** Whether {@code context} is Spring's client request observation's: {@code RestClient}'s or {@code WebClient}'s. */
    static boolean isClientRequest(Observation.Context context) {
        Class<?> reactive = REACTIVE_CONTEXT;
        return context instanceof ClientRequestObservationContext || (reactive != null && reactive.isInstance(context));
    }

    /** The span of the current {@code http.client.requests} observation, or {@code null}. */
    public static @Nullable Span clientRequestSpan(ObservationRegistry registry) {
        Observation.Context context = clientRequestContext(registry);
        return context == null ? null : span(context);
    }

    private static Observation.@Nullable Context clientRequestContext(ObservationRegistry registry) {
        Observation current = registry.getCurrentObservation();
        return current != null && isClientRequest(current.getContext()) ? current.getContext() : null;
    }

    private static @Nullable Span span(Observation.Context context) {
        TracingContext tracing = context.get(TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }

    @Override
    public ClientTrace create(TracedRequest request) {
        Observation.Context context = clientRequestContext(registry);
        if (context == null || context.get(SpanEventTrace.class) != null) {
            return ClientTrace.NONE;
        }
        Span span = span(context);
        if (span == null || span.isNoop()) {
            return ClientTrace.NONE;
        }
        SpanEventTrace trace = SpanEventTrace.of(tracer, span, request.uri(), phaseSpans);
        context.put(SpanEventTrace.class, trace);
        return trace;
    }

    @Override
    public String toString() {
        return "ClientRequestSpanEvents[phaseSpans=" + phaseSpans + "]";
    }

    /** Tells a request's trace that its observation is stopping, before the tracing handler ends the span. */
    private static final class SpanEndHandler implements ObservationHandler<Observation.Context> {

        @Override
        public void onStop(Observation.Context context) {
            SpanEventTrace trace = context.get(SpanEventTrace.class);
            if (trace != null) {
                trace.spanEnded();
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return isClientRequest(context);
        }
    }
}
