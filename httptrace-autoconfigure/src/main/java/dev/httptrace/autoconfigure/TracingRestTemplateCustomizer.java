package dev.httptrace.autoconfigure;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.spring.ClientTraceInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.web.client.RestTemplate;

/**
 * Adds a {@link ClientTraceInterceptor} with the {@link ClientTraceFactory} beans, in their order, as they are
 * when the template is customized, only where it can trace: when the application's {@code ClientHttpRequestFactoryBuilder} is a
 * traced one without trace factories of its own. Not with the auto-configured traced builder (its request factories
 * compose the traces themselves), nor with another client's builder (the hooks would not fire): in both an
 * interceptor would only make Spring buffer every request body.
 */
final class TracingRestTemplateCustomizer implements RestTemplateCustomizer {

    private final ObjectProvider<ClientTraceFactory> factories;

    private final ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders;

    TracingRestTemplateCustomizer(ObjectProvider<ClientTraceFactory> factories,
            ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders) {
        this.factories = factories;
        this.requestFactoryBuilders = requestFactoryBuilders;
    }

    @Override
    public void customize(RestTemplate restTemplate) {
        if (!TracingClientHttpRequestFactoryBuilder.needsInterceptor(this.requestFactoryBuilders.getIfUnique())) {
            return; // it would trace nothing more, and Spring buffers request bodies for any interceptor
        }
        restTemplate.getInterceptors().add(new ClientTraceInterceptor(this.factories.orderedStream().toList()));
    }
}
