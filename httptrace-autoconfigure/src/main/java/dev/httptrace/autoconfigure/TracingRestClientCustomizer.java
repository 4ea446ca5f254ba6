package dev.httptrace.autoconfigure;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.spring.ClientTraceInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Adds a {@link ClientTraceInterceptor} with the {@link ClientTraceFactory} beans, in their order, as they are
 * when the builder is customized, unless the application's {@code ClientHttpRequestFactoryBuilder} is a traced
 * one with trace factories (the auto-configured one is), whose request factories compose the traces themselves:
 * an interceptor would make Spring buffer every request body.
 */
final class TracingRestClientCustomizer implements RestClientCustomizer {

    private final ObjectProvider<ClientTraceFactory> factories;

    private final ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders;

    TracingRestClientCustomizer(ObjectProvider<ClientTraceFactory> factories,
            ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders) {
        this.factories = factories;
        this.requestFactoryBuilders = requestFactoryBuilders;
    }

    @Override
    public void customize(RestClient.Builder restClientBuilder) {
        if (TracingClientHttpRequestFactoryBuilder.composesTraces(this.requestFactoryBuilders.getIfUnique())) {
            return; // its request factories compose the traces themselves: no interceptor, no body buffering
        }
        restClientBuilder.requestInterceptor(new ClientTraceInterceptor(this.factories.orderedStream().toList()));
    }
}
