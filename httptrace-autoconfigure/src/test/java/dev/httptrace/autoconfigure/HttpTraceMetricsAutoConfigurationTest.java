package dev.httptrace.autoconfigure;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HttpTrace;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.spring.TracingClientHttpRequestFactory;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HttpTraceMetricsAutoConfiguration}, with the registry from Boot's own metrics auto-configurations (so
 * the ordering after the composite registry is exercised) and real requests to a loopback server.
 */
class HttpTraceMetricsAutoConfigurationTest {

    private static LoopbackHttpServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
                    RestClientAutoConfiguration.class, HttpTraceAutoConfiguration.class,
                    HttpTraceMetricsAutoConfiguration.class));

    @BeforeAll
    static void startServer() {
        server = LoopbackHttpServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void recordsTimersIntoTheRegistryByDefault() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MeterClientTraceFactory.class);
            get(context, server.url("localhost", "/"));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("httptrace.connect").tag("client.name", "localhost").timer().count()).isOne();
            assertThat(registry.get("httptrace.dns").tag("client.name", "localhost").timer().count()).isOne();
        });
    }

    @Test
    void everyTracedFactoryGetsPoolGaugesOfItsOwnUntilItIsDestroyed() {
        this.runner.run((context) -> {
            ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
            TracingClientHttpRequestFactory first = (TracingClientHttpRequestFactory) builder.build();
            TracingClientHttpRequestFactory second = (TracingClientHttpRequestFactory) builder.build();
            RestClient.builder().requestFactory(first).build().get().uri(server.url("localhost", "/")).retrieve()
                    .toBodilessEntity();
            RestClient.builder().requestFactory(second).build().get().uri(server.url("localhost", "/")).retrieve()
                    .toBodilessEntity();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("httptrace.pool.available").tag("client.name", "localhost").gauges())
                    .extracting((gauge) -> gauge.getId().getTag("pool") + "=" + gauge.value())
                    .containsExactlyInAnyOrder("1=1.0", "2=1.0");
            assertThat(registry.get("httptrace.pool.max").tags("client.name", "localhost", "pool", "1").gauge().value())
                    .isEqualTo(5); // HttpClient's default per route

            first.destroy();
            assertThat(registry.find("httptrace.pool.available").gauges())
                    .extracting((gauge) -> gauge.getId().getTag("pool")).containsExactly("2");
            second.destroy();
            assertThat(registry.find("httptrace.pool.leased").gauges()).isEmpty();
        });
    }

    @Test
    void maxClientNamesComesFromTheProperty() {
        this.runner.withPropertyValues("httptrace.metrics.max-client-names=1").run((context) -> {
            get(context, server.url("localhost", "/"));
            get(context, server.url("other.test", "/"));
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("httptrace.connect").timers())
                    .extracting((timer) -> timer.getId().getTag("client.name"))
                    .containsExactlyInAnyOrder("localhost", "other");
        });
    }

    @Test
    void metricsEnabledFalseTurnsTheTimersOffButNotTracing() {
        this.runner.withPropertyValues("httptrace.metrics.enabled=false").run((context) -> {
            assertThat(context).doesNotHaveBean(MeterClientTraceFactory.class)
                    .hasSingleBean(TracingClientHttpRequestFactoryBuilder.class);
            get(context, server.url("localhost", "/"));
            assertThat(context.getBean(MeterRegistry.class).find("httptrace.connect").timers()).isEmpty();
        });
    }

    @Test
    void httptraceEnabledFalseTurnsTheTimersOff() {
        this.runner.withPropertyValues("httptrace.enabled=false")
                .run((context) -> assertThat(context).hasSingleBean(MeterRegistry.class)
                        .doesNotHaveBean(MeterClientTraceFactory.class));
    }

    @Test
    void noTimersWithoutAMeterRegistryBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HttpTraceAutoConfiguration.class,
                        HttpTraceMetricsAutoConfiguration.class))
                .run((context) -> assertThat(context).doesNotHaveBean(MeterClientTraceFactory.class)
                        .hasSingleBean(TracingClientHttpRequestFactoryBuilder.class));
    }

    @Test
    void withoutMicrometerTracingStillWorksAndNoMeterBeanAppears() {
        this.runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
            assertThat(context).hasNotFailed()
                    .doesNotHaveBean(MeterRegistry.class)
                    .doesNotHaveBean(MeterClientTraceFactory.class)
                    .hasSingleBean(TracingClientHttpRequestFactoryBuilder.class);
            RecordingClientTrace trace = new RecordingClientTrace();
            String body = context.getBean(RestClient.Builder.class).build().get().uri(server.url("/"))
                    .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class);
            assertThat(body).isEqualTo("hello");
            assertThat(trace.names()).contains("getConn", "connectDone", "gotConn", "gotFirstResponseByte", "putIdleConn");
        });
    }

    @Test
    void theApplicationsMeterClientTraceFactoryWins() {
        this.runner.withBean("userMeters", MeterClientTraceFactory.class,
                () -> MeterClientTraceFactory.builder(new SimpleMeterRegistry()).maxClientNames(0).build())
                .run((context) -> {
                    assertThat(context).hasSingleBean(MeterClientTraceFactory.class).hasBean("userMeters");
                    get(context, server.url("localhost", "/"));
                    assertThat(context.getBean(MeterRegistry.class).find("httptrace.connect").timers()).isEmpty();
                });
    }

    @Test
    void hookFailuresAreLoggedAndCounted() {
        ClientTraceFactory throwing = (request) -> new ClientTrace() {
            @Override
            public void gotConn(GotConnInfo info) {
                throw new IllegalStateException("broken hook");
            }
        };
        this.runner.withBean("throwingTraceFactory", ClientTraceFactory.class, () -> throwing).run((context) -> {
            assertThat(get(context, server.url("localhost", "/"))).isEqualTo("hello");
            assertThat(context.getBean(MeterRegistry.class).get("httptrace.hook.errors").tag("hook", "gotConn")
                    .counter().count()).isEqualTo(1.0);
            // the request's other meters were still recorded
            assertThat(context.getBean(MeterRegistry.class).get("httptrace.server.processing").timer().count())
                    .isOne();
        });
    }

    @Test
    void theBuilderIsStillTheTracedOneWithTheMetricsCustomizer() {
        this.runner.run((context) -> {
            assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
                    .isInstanceOf(TracingClientHttpRequestFactoryBuilder.class);
            assertThat(context.getBeansOfType(MeterHookErrorsCustomizer.class)).hasSize(1);
        });
    }

    private static @Nullable String get(AssertableApplicationContext context, String url) {
        return context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
    }
}
