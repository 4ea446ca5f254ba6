package dev.httptrace.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HttpTrace;
import dev.httptrace.hc5.TracingHttpClientBuilder;
import dev.httptrace.spring.ClientTraceInterceptor;
import dev.httptrace.spring.TracingClientHttpRequestFactory;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RecordingClientTrace;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HttpTraceAutoConfiguration}: when it applies, when it backs off, what it registers. */
@ExtendWith(OutputCaptureExtension.class)
class HttpTraceAutoConfigurationTest {

    private static final String BACK_OFF_LINE = "httptrace: HTTP client transport tracing is off";

    private static LoopbackHttpServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
                    ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
                    RestTemplateAutoConfiguration.class, HttpTraceAutoConfiguration.class));

    @BeforeAll
    static void startServer() {
        server = LoopbackHttpServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void tracesRestClientBuilderRequestsByDefault(CapturedOutput output) {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(ClientHttpRequestFactoryBuilder.class);
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                    .isInstanceOf(TracingClientHttpRequestFactoryBuilder.class);
            assertThat(context).hasSingleBean(HttpTraceProperties.class);
            assertThat(context).hasBean("httpTraceRestClientCustomizer").hasBean("httpTraceRestTemplateCustomizer");
            assertThat(context).doesNotHaveBean(TransportTracingOff.class).doesNotHaveBean(ClientTraceFactory.class);

            RecordingClientTrace trace = new RecordingClientTrace();
            context.getBean(RestClient.Builder.class).requestInterceptors((interceptors) -> assertThat(interceptors).isEmpty());
            String body = context.getBean(RestClient.Builder.class).build().get().uri(server.url("localhost", "/"))
                    .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class);
            assertThat(body).isEqualTo("hello");
            assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart",
                    "connectDone", "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "putIdleConn");
        });
        assertThat(output).doesNotContain(BACK_OFF_LINE);
    }

    @Test
    @SuppressWarnings("try") // the scope only needs to be open
    void tracesRestTemplateBuilderRequests() {
        this.runner.run((context) -> {
            RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).build();
            // the traced factory composes the traces: no interceptor, so Spring does not buffer request bodies
            assertThat(restTemplate.getInterceptors()).isEmpty();
            RecordingClientTrace trace = new RecordingClientTrace();
            try (HttpTrace.Scope scope = HttpTrace.withClientTrace(trace)) {
                assertThat(restTemplate.getForObject(server.url("/"), String.class)).isEqualTo("hello");
            }
            assertThat(trace.names()).startsWith("getConn", "connectStart", "connectDone", "gotConn");
        });
    }

    @Test
    void httptraceEnabledFalseTurnsEverythingOff(CapturedOutput output) {
        this.runner.withPropertyValues("httptrace.enabled=false", "httptrace.logging.enabled=true").run((context) -> {
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                    .isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
            assertThat(context).doesNotHaveBean(HttpTraceProperties.class)
                    .doesNotHaveBean(TransportTracingOff.class)
                    .doesNotHaveBean(ClientTraceFactory.class)
                    .doesNotHaveBean("httpTraceRestClientCustomizer")
                    .doesNotHaveBean("httpTraceRestTemplateCustomizer");
        });
        assertThat(output).doesNotContain(BACK_OFF_LINE);
    }

    @Test
    void userClientHttpRequestFactoryBuilderBacksOffAndSaysSoOnce(CapturedOutput output) {
        ClientHttpRequestFactoryBuilder<?> userBuilder = ClientHttpRequestFactoryBuilder.jdk();
        this.runner.withBean("userBuilder", ClientHttpRequestFactoryBuilder.class, () -> userBuilder).run((context) -> {
            assertThat(context).hasSingleBean(ClientHttpRequestFactoryBuilder.class);
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class)).isSameAs(userBuilder);
            assertThat(context).hasSingleBean(TransportTracingOff.class);
            // another client's builder: an interceptor would trace nothing and make Spring buffer request bodies
            assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors()).isEmpty();
            context.getBean(RestClient.Builder.class).requestInterceptors((interceptors) -> assertThat(interceptors).isEmpty());
        });
        assertThat(lines(output, BACK_OFF_LINE)).singleElement().asString()
                .contains("INFO", "own ClientHttpRequestFactoryBuilder bean [userBuilder]");
    }

    @Test
    void userTracingBuilderKeepsTracingOnWithoutBackOffLine(CapturedOutput output) {
        TracingClientHttpRequestFactoryBuilder userBuilder = new TracingClientHttpRequestFactoryBuilder();
        this.runner.withBean(TracingClientHttpRequestFactoryBuilder.class, () -> userBuilder).run((context) -> {
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class)).isSameAs(userBuilder);
            assertThat(context).doesNotHaveBean(TransportTracingOff.class);
            // a traced builder without trace factories: the interceptor brings the factory beans' traces
            assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors())
                    .hasAtLeastOneElementOfType(ClientTraceInterceptor.class);
        });
        assertThat(output).doesNotContain(BACK_OFF_LINE);
    }

    @Test
    void anotherImperativeFactoryBacksOffAndSaysSoOnce(CapturedOutput output) {
        this.runner.withPropertyValues("spring.http.clients.imperative.factory=jdk").run((context) -> {
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                    .isInstanceOf(JdkClientHttpRequestFactoryBuilder.class);
            assertThat(context).doesNotHaveBean(TracingClientHttpRequestFactoryBuilder.class)
                    .hasSingleBean(TransportTracingOff.class);
            // the JDK client fires no hook: no interceptor, so request bodies stream as without httptrace
            assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors()).isEmpty();
            context.getBean(RestClient.Builder.class).requestInterceptors((interceptors) -> assertThat(interceptors).isEmpty());
        });
        assertThat(lines(output, BACK_OFF_LINE)).singleElement().asString()
                .contains("INFO", "spring.http.clients.imperative.factory=jdk selects another HTTP client");
    }

    @Test
    void httpComponentsChosenExplicitlyIsTraced() {
        this.runner.withPropertyValues("spring.http.clients.imperative.factory=HTTP_COMPONENTS").run((context) -> {
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                    .isInstanceOf(TracingClientHttpRequestFactoryBuilder.class);
            assertThat(context).doesNotHaveBean(TransportTracingOff.class);
        });
    }

    @Test
    void loggingEnabledAddsTheLoggingTraceFactory() {
        this.runner.withPropertyValues("httptrace.logging.enabled=true").run((context) -> {
            assertThat(context).hasSingleBean(ClientTraceFactory.class).hasBean("httpTraceLoggingClientTraceFactory");
            assertThat(context.getBean(ClientTraceFactory.class).getClass().getName())
                    .startsWith("dev.httptrace.LoggingClientTrace");
        });
    }

    @Test
    void appliesCustomizersForTheTracingBuilder() {
        List<String> applied = new ArrayList<>();
        this.runner.withBean(TracingCustomizer.class, () -> new TracingCustomizer(applied)).run((context) -> {
            ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
            assertThat(applied).containsExactly("tracing builder customized");
            TracingClientHttpRequestFactory factory = (TracingClientHttpRequestFactory) builder.build();
            factory.destroy();
            assertThat(applied).containsExactly("tracing builder customized", "client customized");
        });
    }

    @Test
    void aCustomizerClassForBootsBuilderKeepsBootsBuilderWithItAndSaysHowToTrace(CapturedOutput output) {
        List<String> applied = new ArrayList<>();
        this.runner.withBean(HttpComponentsCustomizer.class, () -> new HttpComponentsCustomizer(applied))
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(TracingClientHttpRequestFactoryBuilder.class)
                            .hasSingleBean(TransportTracingOff.class);
                    assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                            .isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
                    context.getBean(RestClient.Builder.class).build();
                    assertThat(applied).as("Boot applied it to its own builder")
                            .containsExactly("http components builder customized");
                    assertThat(context.getBean(RestClient.Builder.class).build().get().uri(server.url("/")).retrieve()
                            .body(String.class)).isEqualTo("hello");
                });
        assertThat(lines(output, BACK_OFF_LINE)).singleElement().asString().contains("INFO",
                "HttpComponentsCustomizer (for HttpComponentsClientHttpRequestFactoryBuilder)",
                "declare these beans as ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder>");
    }

    @Configuration(proxyBeanMethods = false)
    static class BootTypedLambda {

        static int proxyPort;

        @Bean
        ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> bootTypedProxy() {
            return (builder) -> builder.withHttpClientCustomizer((client) -> client.setProxy(new HttpHost("127.0.0.1", proxyPort)));
        }
    }

    @Test
    void aLambdaCustomizerBeanForBootsBuilderIsFoundAndItsProxyIsUsed(CapturedOutput output) {
        // its generic type is only in the @Bean method's signature, not in the lambda's class
        try (LoopbackHttpServer proxy = LoopbackHttpServer.start()) {
            BootTypedLambda.proxyPort = proxy.port();
            int nothingListens = LoopbackPorts.closedPort();
            this.runner.withUserConfiguration(BootTypedLambda.class).run((context) -> {
                assertThat(context).doesNotHaveBean(TracingClientHttpRequestFactoryBuilder.class);
                String body = context.getBean(RestClient.Builder.class).build().get()
                        .uri("http://other.test:" + nothingListens + "/").retrieve().body(String.class);
                assertThat(body).as("the proxy's answer: the target has no server").isEqualTo("hello");
                assertThat(proxy.requestLines()).containsExactly("GET http://other.test:" + nothingListens + "/ HTTP/1.1");
            });
        }
        assertThat(lines(output, BACK_OFF_LINE)).singleElement().asString()
                .contains("INFO", "bootTypedProxy (for HttpComponentsClientHttpRequestFactoryBuilder)");
    }

    @Test
    void withoutHttpClient5NothingIsConfiguredAndTheContextStarts(CapturedOutput output) {
        this.runner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5", "reactor.netty")).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(TracingClientHttpRequestFactoryBuilder.class)
                    .doesNotHaveBean(HttpTraceProperties.class)
                    .doesNotHaveBean(TransportTracingOff.class)
                    .doesNotHaveBean("httpTraceRestClientCustomizer")
                    .hasSingleBean(ClientHttpRequestFactoryBuilder.class);
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                    .isInstanceOf(JdkClientHttpRequestFactoryBuilder.class);
            assertThat(context.getBean(RestClient.Builder.class).build().get().uri(server.url("/")).retrieve()
                    .body(String.class)).isEqualTo("hello");
        });
        assertThat(output).doesNotContain(BACK_OFF_LINE);
    }

    @Test
    void withoutSpringBootRestClientTheTransportIsStillTraced() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
                        ImperativeHttpClientAutoConfiguration.class, HttpTraceAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(RestClientCustomizer.class, RestTemplateCustomizer.class))
                .run((context) -> {
                    assertThat(context).hasSingleBean(TracingClientHttpRequestFactoryBuilder.class)
                            .doesNotHaveBean(RestClientCustomizer.class)
                            .doesNotHaveBean(RestTemplateCustomizer.class);
                });
    }

    private static List<String> lines(CapturedOutput output, String containing) {
        return output.getOut().lines().filter((line) -> line.contains(containing)).toList();
    }

    /** Typed for our builder: applied, and its client customizer runs on every build. */
    static final class TracingCustomizer
            implements ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> {

        private final List<String> applied;

        TracingCustomizer(List<String> applied) {
            this.applied = applied;
        }

        @Override
        public TracingClientHttpRequestFactoryBuilder customize(TracingClientHttpRequestFactoryBuilder builder) {
            this.applied.add("tracing builder customized");
            return builder.withClientCustomizer((TracingHttpClientBuilder client) -> this.applied.add("client customized"));
        }
    }

    /** Typed for Boot's HttpComponents builder: cannot be applied to ours; Boot's builder stays, with it. */
    static final class HttpComponentsCustomizer
            implements ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> {

        private final List<String> applied;

        HttpComponentsCustomizer(List<String> applied) {
            this.applied = applied;
        }

        @Override
        public HttpComponentsClientHttpRequestFactoryBuilder customize(HttpComponentsClientHttpRequestFactoryBuilder builder) {
            this.applied.add("http components builder customized");
            return builder;
        }
    }
}
