package dev.httptrace.autoconfigure;

import dev.httptrace.tracing.ClientRequestSpanEvents;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * The hooks in the distributed trace: with a Micrometer Tracing {@link Tracer} (Boot's tracing with the Brave or
 * OpenTelemetry bridge), a {@link ClientRequestSpanEvents} bean (a {@code ClientTraceFactory}, so every traced
 * request gets it) writes a span event per hook onto the span of the request's {@code http.client.requests}
 * observation, and its observation handler, registered after Boot's tracing handler, stops the events when the
 * observation stops. {@code httptrace.tracing.enabled=false} turns it off; {@code httptrace.tracing.phase-spans=true}
 * adds child spans for DNS, TCP connect and TLS. No tracer, or Boot's no-op one: nothing.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ Tracer.class, ObservationRegistryCustomizer.class, ClientRequestObservationContext.class,
        HttpClientBuilder.class })
@ConditionalOnBean({ Tracer.class, ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = "httptrace.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "httptrace.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpTraceProperties.class)
public final class HttpTraceTracingAutoConfiguration {

    /** No bean (Spring's null bean) for Boot's no-op tracer: no span would take the events. */
    @Bean
    @ConditionalOnMissingBean
    @Nullable ClientRequestSpanEvents httpTraceSpanEvents(Tracer tracer, ObservationRegistry registry,
            HttpTraceProperties properties) {
        return tracer == Tracer.NOOP ? null
                : new ClientRequestSpanEvents(tracer, registry, properties.getTracing().isPhaseSpans());
    }

    /**
     * Registers the handler that stops a request's events when its observation stops. Boot applies customizers
     * after the handler beans, and Micrometer stops handlers in reverse order: this one runs before the tracing
     * handler ends the span.
     */
    @Bean
    ObservationRegistryCustomizer<ObservationRegistry> httpTraceSpanEventsHandler() {
        return (registry) -> registry.observationConfig().observationHandler(ClientRequestSpanEvents.observationHandler());
    }
}
