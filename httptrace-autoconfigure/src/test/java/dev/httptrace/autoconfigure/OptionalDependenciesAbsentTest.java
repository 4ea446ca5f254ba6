package dev.httptrace.autoconfigure;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer, Micrometer Tracing and HttpClient 5 are optional for the auto-configuration: with their jars really missing (a class
 * loader built from the test class path without them, not a {@code FilteredClassLoader} that only hides them
 * from Spring's conditions) a Boot application starts, and is traced when HttpClient 5 is there.
 */
class OptionalDependenciesAbsentTest {

    private static LoopbackHttpServer server;

    @BeforeAll
    static void startServer() {
        server = LoopbackHttpServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void withoutMicrometerJarsTheTransportIsTracedAndNoMeterBeanExists() throws Exception {
        // micrometer-observation stays: spring-web itself needs it
        String seen = runWithout((jar) -> jar.startsWith("micrometer-core") || jar.startsWith("HdrHistogram")
                || jar.startsWith("LatencyUtils") || jar.startsWith("spring-boot-micrometer-metrics"));
        assertThat(seen).startsWith("builder=TracingClientHttpRequestFactoryBuilder body=hello")
                .contains("httpTraceRestClientCustomizer").doesNotContain("meterClientTraceFactory");
    }

    @Test
    void withoutTracingJarsTheTransportIsTracedAndNoSpanEventsBeanExists() throws Exception {
        String seen = runWithout((jar) -> jar.startsWith("micrometer-tracing") || jar.startsWith("brave")
                || jar.startsWith("opentelemetry") || jar.startsWith("spring-boot-micrometer-tracing")
                || jar.startsWith("spring-boot-opentelemetry") || jar.startsWith("zipkin"));
        assertThat(seen).startsWith("builder=TracingClientHttpRequestFactoryBuilder body=hello")
                .contains("httpTraceRestClientCustomizer", "meterClientTraceFactory")
                .doesNotContain("httpTraceSpanEvents");
    }

    @Test
    void withTracingJarsTheSpanEventsAreConfigured() throws Exception {
        // one tracer, as Boot supports: OpenTelemetry's
        String seen = runWithout((jar) -> jar.startsWith("micrometer-tracing-bridge-brave") || jar.startsWith("brave")
                || jar.startsWith("spring-boot-micrometer-tracing-brave"));
        assertThat(seen).startsWith("builder=TracingClientHttpRequestFactoryBuilder body=hello")
                .contains("httpTraceSpanEvents", "httpTraceSpanEventsHandler");
    }

    @Test
    void withoutHttpClient5JarsNothingIsConfiguredAndTheApplicationStarts() throws Exception {
        // Reactor Netty out too, or Boot would pick it for RestClient, and WebClient's tracing would be configured
        String seen = runWithout((jar) -> jar.contains("httpclient5") || jar.contains("httpcore5")
                || jar.startsWith("reactor-netty") || jar.startsWith("netty-"));
        assertThat(seen).isEqualTo("builder=JdkClientHttpRequestFactoryBuilder body=hello beans=[]");
    }

    private static String runWithout(Predicate<String> excludedJar) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!excludedJar.test(new File(entry).getName())) {
                urls.add(toUrl(entry));
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(isolated);
            Class<?> app = isolated.loadClass("dev.httptrace.autoconfigure.isolated.IsolatedApp");
            return (String) app.getMethod("run", String.class).invoke(null, server.url("localhost", "/"));
        }
        finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URL toUrl(String entry) {
        try {
            return new File(entry).toURI().toURL();
        }
        catch (MalformedURLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
