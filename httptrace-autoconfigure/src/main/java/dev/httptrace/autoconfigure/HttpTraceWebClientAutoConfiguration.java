package dev.httptrace.autoconfigure;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.reactor.TracingReactorNetty;
import dev.httptrace.spring.ClientTraceExchangeFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Traces {@code WebClient} on Reactor Netty (Boot's default connector): the Reactor Netty client Boot builds gets the
 * hooks ({@link TracingReactorNetty#trace}, through Boot's own {@code ReactorClientHttpConnectorBuilder} customizer,
 * so {@code spring.http.clients.reactive.*} and the application's customizers still apply), and every
 * {@code WebClient.Builder} a filter that gives each request its trace: the request attribute's, then one from each
 * {@code ClientTraceFactory} bean (the {@code httptrace.*} meters among them). Another connector than Reactor Netty:
 * the builder customizer does not apply, and nothing fires. {@code httptrace.enabled=false} turns it off.
 */
@AutoConfiguration(after = HttpTraceMetricsAutoConfiguration.class)
@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class, HttpClient.class,
        ReactorClientHttpConnectorBuilder.class })
@ConditionalOnBooleanProperty(name = "httptrace.enabled", matchIfMissing = true)
public final class HttpTraceWebClientAutoConfiguration {

    @Bean
    ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> httpTraceReactorNettyCustomizer() {
        return (builder) -> builder.withHttpClientCustomizer(TracingReactorNetty::trace);
    }

    /** Hook failures are logged and, with the meters, counted in {@code httptrace.hook.errors}, as RestClient's. */
    @Bean
    WebClientCustomizer httpTraceWebClientCustomizer(ObjectProvider<ClientTraceFactory> factories,
            ObjectProvider<MeterClientTraceFactory> meters) {
        return (builder) -> {
            HookErrorHandler errors = meters.orderedStream().map(MeterClientTraceFactory::hookErrorHandler)
                    .reduce(HookErrorHandler.logging(), HookErrorHandler::andThen);
            builder.filter(new ClientTraceExchangeFilter(() -> factories.orderedStream().toList(), errors));
        };
    }
}
