package dev.httptrace.autoconfigure;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.spring.ClientTraceInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.web.client.RestTemplate;

/**
 * Adds a {@link ClientTraceInterceptor} with the {@link ClientTraceFactory} beans, in their order, as they are
 * when the template is customized.
 */
final class TracingRestTemplateCustomizer implements RestTemplateCustomizer {

    private final ObjectProvider<ClientTraceFactory> factories;

    TracingRestTemplateCustomizer(ObjectProvider<ClientTraceFactory> factories) {
        this.factories = factories;
    }

    @Override
    public void customize(RestTemplate restTemplate) {
        restTemplate.getInterceptors().add(new ClientTraceInterceptor(this.factories.orderedStream().toList()));
    }
}
