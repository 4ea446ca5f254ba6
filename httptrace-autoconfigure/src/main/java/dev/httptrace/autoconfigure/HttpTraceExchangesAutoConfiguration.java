package dev.httptrace.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.httptrace.autoconfigure.actuate.HttpClientExchangesEndpoint;
import dev.httptrace.exchange.ExchangeListener;
import dev.httptrace.exchange.ExchangeRecorder;
import dev.httptrace.exchange.ExchangeTraceFactory;
import dev.httptrace.exchange.SlowExchangeLog;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Phases per exchange: an {@link ExchangeTraceFactory} bean (a {@code ClientTraceFactory}, so every traced request
 * gets its timeline) telling every {@link ExchangeListener} bean of each finished attempt. Ours:
 * <ul>
 * <li>{@link SlowExchangeLog}, when {@code httptrace.logging.slow-threshold} is set;</li>
 * <li>{@link ExchangeRecorder} and the {@code httpclientexchanges} endpoint, only while the endpoint is available
 * (enabled and exposed, {@code management.endpoints.web.exposure.include}): nothing is recorded otherwise.</li>
 * </ul>
 * With no listener at all, there is no factory and a request costs nothing more. The URI template comes from
 * {@code RestClient}'s request attribute, or from the current {@code http.client.requests} observation
 * ({@code RestTemplate}); the trace id, with Micrometer Tracing, from that observation's span.
 */
@AutoConfiguration(after = HttpTraceMetricsAutoConfiguration.class)
@ConditionalOnClass(HttpClientBuilder.class)
@ConditionalOnBooleanProperty(name = "httptrace.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpTraceProperties.class)
public final class HttpTraceExchangesAutoConfiguration {

    @Bean
    @ConditionalOnProperty("httptrace.logging.slow-threshold")
    SlowExchangeLog httpTraceSlowExchangeLog(HttpTraceProperties properties) {
        Duration threshold = properties.getLogging().getSlowThreshold();
        return new SlowExchangeLog(threshold == null ? Duration.ZERO : threshold);
    }

    /** No bean (Spring's null bean, which no {@code ObjectProvider} hands out) when there is no listener. */
    @Bean
    @ConditionalOnMissingBean(ExchangeTraceFactory.class)
    @Nullable ExchangeTraceFactory httpTraceExchangeTraceFactory(ObjectProvider<ExchangeListener> listeners,
            ObjectProvider<ObservationRegistry> observations) {
        List<ExchangeListener> all = listeners.orderedStream().toList();
        ObservationRegistry registry = observations.getIfAvailable();
        if (all.isEmpty()) {
            return null;
        }
        if (registry == null) {
            return new ExchangeTraceFactory(all);
        }
        boolean tracing = ClassUtils.isPresent("io.micrometer.tracing.handler.TracingObservationHandler",
                HttpTraceExchangesAutoConfiguration.class.getClassLoader());
        return new ExchangeTraceFactory(all, request -> uriTemplate(registry),
                tracing ? TraceIds.fromObservations(registry) : null);
    }

    private static @Nullable String uriTemplate(ObservationRegistry registry) {
        Observation current = registry.getCurrentObservation();
        return current != null && current.getContext() instanceof ClientRequestObservationContext context
                ? context.getUriTemplate() : null;
    }

    /** The endpoint and its recorder, only while the endpoint is available. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(HttpClientExchangesEndpoint.class)
    static final class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ExchangeRecorder httpTraceExchangeRecorder(HttpTraceProperties properties) {
            return new ExchangeRecorder(properties.getExchanges().getCapacity(),
                    properties.getExchanges().getSlowestPerClient(), properties.getMetrics().getMaxClientNames());
        }

        @Bean
        @ConditionalOnMissingBean
        HttpClientExchangesEndpoint httpClientExchangesEndpoint(ExchangeRecorder recorder) {
            String version = HttpClientExchangesEndpoint.class.getPackage().getImplementationVersion();
            return new HttpClientExchangesEndpoint(recorder, version == null ? "development" : version);
        }
    }
}
