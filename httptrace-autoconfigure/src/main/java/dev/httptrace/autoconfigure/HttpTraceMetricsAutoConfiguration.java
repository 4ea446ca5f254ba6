package dev.httptrace.autoconfigure;

import dev.httptrace.micrometer.MeterClientTraceFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Records the {@code httptrace.*} Micrometer timers: a {@link MeterClientTraceFactory} bean (like any
 * {@code ClientTraceFactory} bean, {@link HttpTraceAutoConfiguration} gives every request a trace from it), bounded to
 * {@code httptrace.metrics.max-client-names} hosts, a customizer that makes the traced clients count hook
 * failures in {@code httptrace.hook.errors}, and one that gives every traced factory's pool its
 * {@code httptrace.pool.*} gauges ({@link PoolMetersCustomizer}).
 *
 * <p>Conditions: Micrometer and Apache HttpClient 5 on the class path, a {@link MeterRegistry} bean (ordered
 * after Boot's composite registry auto-configuration), {@code httptrace.enabled} and
 * {@code httptrace.metrics.enabled} not {@code false}. A {@code MeterClientTraceFactory} bean of the application
 * replaces ours.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, HttpClientBuilder.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "httptrace.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "httptrace.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpTraceProperties.class)
public final class HttpTraceMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MeterClientTraceFactory meterClientTraceFactory(MeterRegistry meterRegistry, HttpTraceProperties properties) {
        return MeterClientTraceFactory.builder(meterRegistry)
                .maxClientNames(properties.getMetrics().getMaxClientNames())
                .build();
    }

    /** First, so that the application's customizers can still set another handler. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> httpTraceMeterHookErrorsCustomizer(
            ObjectProvider<MeterClientTraceFactory> meterClientTraceFactories) {
        return new MeterHookErrorsCustomizer(meterClientTraceFactories);
    }

    /** First too, so that the application's customizers can still set another pool observer. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> httpTracePoolMetersCustomizer(
            MeterRegistry meterRegistry, HttpTraceProperties properties) {
        return new PoolMetersCustomizer(meterRegistry, properties.getMetrics().getMaxClientNames());
    }
}
