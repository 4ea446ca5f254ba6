package dev.httptrace.autoconfigure;

import java.util.List;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.LoggingClientTrace;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Traces the application's HTTP clients: a {@link TracingClientHttpRequestFactoryBuilder} becomes the
 * {@link ClientHttpRequestFactoryBuilder} bean that {@code RestClient.Builder}, {@code RestTemplateBuilder} and
 * HTTP interface clients build their request factory with (from Boot's {@code spring.http.clients.*} settings);
 * its request factories give every request a trace from every {@link ClientTraceFactory} bean, composed at
 * execute time, with no interceptor (Spring buffers request bodies for any interceptor).
 *
 * <p>Conditions: Apache HttpClient 5 on the class path and {@code httptrace.enabled} not {@code false}. The
 * builder backs off, with one INFO line in the log saying why and how to trace again, when the application defines
 * its own {@code ClientHttpRequestFactoryBuilder} bean, sets {@code spring.http.clients.imperative.factory} to another
 * client than {@code http-components}, or customizes Boot's HttpComponents builder with
 * {@code ClientHttpRequestFactoryBuilderCustomizer} beans typed for it (a lambda {@code @Bean} or a class): those
 * cannot be applied to the traced builder, so Boot's builder is kept with them rather than losing the
 * application's proxy, pool or timeouts. A {@code RestClientCustomizer} / {@code RestTemplateCustomizer} adds a
 * {@link dev.httptrace.spring.ClientTraceInterceptor} with the factory beans only where the application's own
 * builder is a {@link TracingClientHttpRequestFactoryBuilder} without trace factories: anywhere else it would trace
 * nothing and make Spring buffer every request body. The user's
 * {@code ClientHttpRequestFactoryBuilderCustomizer} beans whose type accepts a
 * {@link TracingClientHttpRequestFactoryBuilder} are applied to it (it has Boot's {@code with...} names).
 * {@link HttpTraceMetricsAutoConfiguration} contributes one such customizer, which counts
 * hook failures ({@code httptrace.hook.errors}) besides logging them.
 */
@AutoConfiguration(before = ImperativeHttpClientAutoConfiguration.class, after = HttpClientAutoConfiguration.class)
@ConditionalOnClass({ HttpClientBuilder.class, ClientHttpRequestFactory.class })
@ConditionalOnBooleanProperty(name = "httptrace.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpTraceProperties.class)
@ImportRuntimeHints(HttpTraceRuntimeHints.class)
public final class HttpTraceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
    @Conditional({ TracedFactoryCondition.class, BootTypedCustomizers.Absent.class })
    TracingClientHttpRequestFactoryBuilder httpTraceClientHttpRequestFactoryBuilder(
            ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers,
            ObjectProvider<ClientTraceFactory> traceFactories) {
        TracingClientHttpRequestFactoryBuilder builder = new TracingClientHttpRequestFactoryBuilder()
                .withClientTraceFactories(() -> traceFactories.orderedStream().toList());
        return customize(builder, customizers.orderedStream().toList());
    }

    /**
     * Boot's own builder stays, with the application's customizers of it: they cannot be applied to the traced
     * builder, and dropping them would change what the application's clients do.
     */
    @Bean
    @ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
    @Conditional({ TracedFactoryCondition.class, BootTypedCustomizers.Present.class })
    TransportTracingOff httpTraceBootCustomizersBackOff(ConfigurableListableBeanFactory beanFactory) {
        return new TransportTracingOff("the application customizes Boot's HttpComponents builder with "
                + BootTypedCustomizers.find(beanFactory) + ", which httptrace's traced builder cannot apply, so Boot's "
                + "builder is kept, with them, and its requests are not traced (no hooks, no httptrace.* meters). To "
                + "trace them, declare these beans as ClientHttpRequestFactoryBuilderCustomizer"
                + "<TracingClientHttpRequestFactoryBuilder>: it has the same with... methods (withHttpClientCustomizer, "
                + "withConnectionManagerCustomizer, withSocketConfigCustomizer, withConnectionConfigCustomizer, "
                + "withTlsSocketStrategyFactory, withDefaultRequestConfigCustomizer)");
    }

    @Bean
    @Conditional(UserBuilderCondition.class)
    TransportTracingOff httpTraceUserBuilderBackOff(ConfigurableListableBeanFactory beanFactory) {
        return new TransportTracingOff("the application defines its own ClientHttpRequestFactoryBuilder bean "
                + UserBuilderCondition.userBuilders(beanFactory) + ", so httptrace's traced builder is not used; "
                + "no hooks and no httptrace.* meters (and no interceptor, which would only make Spring buffer request "
                + "bodies); make it a TracingClientHttpRequestFactoryBuilder to trace its requests");
    }

    @Bean
    @ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
    @Conditional(OtherFactoryCondition.class)
    TransportTracingOff httpTraceOtherFactoryBackOff(Environment environment) {
        return new TransportTracingOff(TracedFactoryCondition.PROPERTY + "="
                + environment.getProperty(TracedFactoryCondition.PROPERTY) + " selects another HTTP client than "
                + "Apache HttpClient 5, so requests are not traced (no hooks, no httptrace.* meters); remove it or "
                + "set it to http-components to trace them");
    }

    @Bean
    @ConditionalOnBooleanProperty("httptrace.logging.enabled")
    ClientTraceFactory httpTraceLoggingClientTraceFactory() {
        return LoggingClientTrace.factory();
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static TracingClientHttpRequestFactoryBuilder customize(TracingClientHttpRequestFactoryBuilder builder,
            List<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
        ClientHttpRequestFactoryBuilder<?>[] customized = { builder };
        LambdaSafe.callbacks(ClientHttpRequestFactoryBuilderCustomizer.class, customizers, builder)
                .invoke((customizer) -> customized[0] = customizer.customize(customized[0]));
        if (customized[0] instanceof TracingClientHttpRequestFactoryBuilder traced) {
            return traced;
        }
        throw new IllegalStateException("A ClientHttpRequestFactoryBuilderCustomizer replaced httptrace's "
                + "TracingClientHttpRequestFactoryBuilder with " + customized[0] + "; customize it through its "
                + "with... methods instead, define your own ClientHttpRequestFactoryBuilder bean, or set "
                + "httptrace.enabled=false");
    }

    /**
     * Adds the interceptor to {@code RestClient} and {@code RestTemplate} builders (spring-boot-restclient) when
     * the traced builder is not the application's.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static final class RestClientTraceConfiguration {

        /** Lowest precedence: the interceptor sees the request as other customizers' interceptors leave it. */
        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        RestClientCustomizer httpTraceRestClientCustomizer(ObjectProvider<ClientTraceFactory> factories,
                ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders) {
            return new TracingRestClientCustomizer(factories, requestFactoryBuilders);
        }

        @Bean
        @Order(Ordered.LOWEST_PRECEDENCE)
        RestTemplateCustomizer httpTraceRestTemplateCustomizer(ObjectProvider<ClientTraceFactory> factories,
                ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders) {
            return new TracingRestTemplateCustomizer(factories, requestFactoryBuilders);
        }
    }
}
