package dev.httptrace.autoconfigure;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.spring.ClientTraceInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Adds a {@link ClientTraceInterceptor} with the {@link ClientTraceFactory} beans, in their order, as they are
 * when the builder is customized, only where it can trace: when the application's {@code ClientHttpRequestFactoryBuilder} is a
 * traced one without trace factories of its own. Not with the auto-configured traced builder (its request factories
 * compose the traces themselves), nor with another client's builder (the hooks would not fire): in both an
 * interceptor would only make Spring buffer every request body.
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
        if (!TracingClientHttpRequestFactoryBuilder.needsInterceptor(this.requestFactoryBuilders.getIfUnique())) {
            return; // it would trace nothing more, and Spring buffers request bodies for any interceptor
        }
        restClientBuilder.requestInterceptor(new ClientTraceInterceptor(this.factories.orderedStream().toList()));
    }
}
