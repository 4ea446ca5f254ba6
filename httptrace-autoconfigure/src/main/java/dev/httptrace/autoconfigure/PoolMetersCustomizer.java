package dev.httptrace.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import dev.httptrace.micrometer.PoolMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;

/**
 * Gives the pool of every traced factory the builder makes its {@code httptrace.pool.*} gauges
 * ({@link PoolMeters}), tagged {@code pool} with the factory's number in the order the application built them
 * ({@code 1}, {@code 2}, ...: each {@code RestClient.Builder.build()} or {@code RestTemplateBuilder.build()} makes a
 * factory of its own), and {@code client.name} bounded by {@code httptrace.metrics.max-client-names}. The gauges
 * are removed when the factory is destroyed (its client closed).
 */
final class PoolMetersCustomizer implements ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> {

    private final MeterRegistry registry;

    private final int maxClientNames;

    private final AtomicInteger pools = new AtomicInteger();

    PoolMetersCustomizer(MeterRegistry registry, int maxClientNames) {
        this.registry = registry;
        this.maxClientNames = maxClientNames;
    }

    @Override
    public TracingClientHttpRequestFactoryBuilder customize(TracingClientHttpRequestFactoryBuilder builder) {
        return builder.withClientCustomizer((client) -> client.setPoolObserver(
                new PoolMeters(this.registry, String.valueOf(this.pools.incrementAndGet()), this.maxClientNames)));
    }
}
