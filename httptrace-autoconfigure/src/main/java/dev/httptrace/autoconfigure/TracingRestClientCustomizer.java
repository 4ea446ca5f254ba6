package dev.httptrace.autoconfigure;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.spring.ClientTraceInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

/**
 * Adds a {@link ClientTraceInterceptor} with the {@link ClientTraceFactory} beans, in their order, as they are
 * when the builder is customized.
 */
final class TracingRestClientCustomizer implements RestClientCustomizer {

    private final ObjectProvider<ClientTraceFactory> factories;

    TracingRestClientCustomizer(ObjectProvider<ClientTraceFactory> factories) {
        this.factories = factories;
    }

    @Override
    public void customize(RestClient.Builder restClientBuilder) {
        restClientBuilder.requestInterceptor(new ClientTraceInterceptor(this.factories.orderedStream().toList()));
    }
}
