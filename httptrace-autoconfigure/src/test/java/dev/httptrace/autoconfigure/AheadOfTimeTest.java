package dev.httptrace.autoconfigure;

import dev.httptrace.HttpTrace;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configurations ahead of time, as Spring's own AOT tests run them: the context's bean definitions are
 * generated as code, compiled, and a fresh context refreshed from that code alone traces and meters a request.
 */
@CompileWithForkedClassLoader
class AheadOfTimeTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
            RestClientAutoConfiguration.class, HttpTraceAutoConfiguration.class, HttpTraceMetricsAutoConfiguration.class })
    public static class App {

        @Bean
        public MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGeneratedContextTracesAndMetersARequest() {
        AnnotationConfigApplicationContext source = new AnnotationConfigApplicationContext();
        source.register(App.class);
        TestGenerationContext generation = new TestGenerationContext(App.class);
        ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(source, generation);
        generation.writeGeneratedContent();

        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            TestCompiler.forSystem().with(generation).compile((compiled) -> {
                try (GenericApplicationContext context = new GenericApplicationContext()) {
                    compiled.getInstance(ApplicationContextInitializer.class, initializerName.reflectionName())
                            .initialize(context);
                    context.refresh();

                    assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                            .isInstanceOf(TracingClientHttpRequestFactoryBuilder.class);
                    assertThat(context.getBeansOfType(MeterClientTraceFactory.class)).hasSize(1);
                    RecordingClientTrace trace = new RecordingClientTrace();
                    String body = context.getBean(RestClient.Builder.class).build().get().uri(server.url("/"))
                            .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class);

                    assertThat(body).isEqualTo("hello");
                    assertThat(trace.names()).startsWith("getConn", "connectStart", "connectDone", "gotConn");
                    assertThat(context.getBean(MeterRegistry.class).get("httptrace.server.processing").timer().count())
                            .isOne();
                }
            });
        }
    }
}
