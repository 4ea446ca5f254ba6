package dev.httptrace.autoconfigure;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.GetConn;
import dev.httptrace.testsupport.RecordingClientTrace.TlsHandshakeDone;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The traced builder's customizers under the names of Boot's HttpComponents builder, each written as a
 * {@code ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder>} bean, observable on the
 * wire, the request still traced ({@code withConnectionManagerCustomizer} sizing the pool: {@code CustomizingTheClientTest}).
 */
class BootNamedCustomizersTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
                    ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
                    HttpTraceAutoConfiguration.class));

    private ApplicationContextRunner with(ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> customizer) {
        return this.runner.withBean("customizer", ClientHttpRequestFactoryBuilderCustomizer.class, () -> customizer);
    }

    @Test
    void withHttpClientCustomizerReachesHttpClientsBuilder() throws Exception {
        List<RawRequest> seen = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = ScriptedServer.start((c) -> {
            RawRequest request = c.readRequest();
            seen.add(request);
            c.writeResponse(200, "ok");
        })) {
            with((builder) -> builder.withHttpClientCustomizer((client) -> client.addRequestInterceptorFirst(
                    (request, entity, context) -> request.addHeader("X-Added-By", "customizer")))).run((context) -> {
                        RecordingClientTrace trace = new RecordingClientTrace();
                        assertThat(get(context.getBean(RestClient.Builder.class).build(), server.url("/"), trace))
                                .isEqualTo("ok");
                        assertThat(seen).singleElement().extracting((request) -> request.header("X-Added-By"))
                                .isEqualTo("customizer");
                        assertThat(trace.names()).startsWith("getConn").contains("gotConn", "wroteRequest");
                    });
        }
    }

    @Test
    void withHttpClientCustomizerSetsAProxyThatCarriesTheTracedRequest() {
        try (LoopbackHttpServer proxy = LoopbackHttpServer.start()) {
            int nothingListens = LoopbackPorts.closedPort();
            with((builder) -> builder.withHttpClientCustomizer((client) -> client.setProxy(new HttpHost("127.0.0.1", proxy.port()))))
                    .run((context) -> {
                        RecordingClientTrace trace = new RecordingClientTrace();
                        String url = "http://other.test:" + nothingListens + "/";
                        assertThat(get(context.getBean(RestClient.Builder.class).build(), url, trace))
                                .as("the proxy's answer: the target has no server").isEqualTo("hello");
                        assertThat(proxy.requestLines()).containsExactly("GET " + url + " HTTP/1.1");
                        assertThat(trace.first(GetConn.class).hostPort()).isEqualTo("127.0.0.1:" + proxy.port());
                    });
        }
    }

    @Test
    void withSocketConfigCustomizerSetsTheSocketsTimeout() throws Exception {
        try (ScriptedServer server = silentServer()) {
            with((builder) -> builder.withSocketConfigCustomizer((socket) -> socket.setSoTimeout(Timeout.ofMilliseconds(200))))
                    .run((context) -> assertThat(catchThrowable(() -> get(context.getBean(RestClient.Builder.class)
                            .build(), server.url("/"), new RecordingClientTrace())))
                            .hasRootCauseInstanceOf(SocketTimeoutException.class));
        }
    }

    @Test
    void withConnectionConfigCustomizerRunsAfterBootsTimeouts() throws Exception {
        try (ScriptedServer server = silentServer()) {
            with((builder) -> builder.withConnectionConfigCustomizer((connection) -> connection.setSocketTimeout(Timeout.ofMilliseconds(200))))
                    .withPropertyValues("spring.http.clients.read-timeout=30s")
                    .run((context) -> assertThat(catchThrowable(() -> get(context.getBean(RestClient.Builder.class)
                            .build(), server.url("/"), new RecordingClientTrace())))
                            .as("the customizer's 200 ms, not Boot's 30 s nor the server's close after 2 s")
                            .hasRootCauseInstanceOf(SocketTimeoutException.class));
        }
    }

    @Test
    void withDefaultRequestConfigCustomizerSetsTheRequestConfig() throws Exception {
        List<RawRequest> seen = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = ScriptedServer.start((c) -> {
            RawRequest request = c.readRequest();
            seen.add(request);
            c.write("HTTP/1.1 100 Continue\r\n\r\n");
            c.readBody(request.contentLength());
            c.writeResponse(200, "stored");
        })) {
            with((builder) -> builder.withDefaultRequestConfigCustomizer((request) -> request.setExpectContinueEnabled(true)))
                    .run((context) -> {
                        RecordingClientTrace trace = new RecordingClientTrace();
                        String body = context.getBean(RestClient.Builder.class).build().post().uri(server.url("/"))
                                .attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).body("payload").retrieve()
                                .body(String.class);
                        assertThat(body).isEqualTo("stored");
                        assertThat(seen).singleElement().extracting((request) -> request.header(HttpHeaders.EXPECT))
                                .isEqualTo("100-continue");
                        assertThat(trace.names()).contains("wait100Continue", "got100Continue");
                    });
        }
    }

    @Test
    void withTlsSocketStrategyFactoryMakesTheTlsStrategy() {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(CERTS)) {
            List<Object> bundles = new CopyOnWriteArrayList<>();
            with((builder) -> builder.withTlsSocketStrategyFactory((bundle) -> {
                bundles.add(String.valueOf(bundle));
                return new DefaultClientTlsStrategy(CERTS.clientSslContext());
            })).run((context) -> {
                RecordingClientTrace trace = new RecordingClientTrace();
                assertThat(get(context.getBean(RestClient.Builder.class).build(), server.url("localhost", "/"), trace))
                        .isEqualTo("hello");
                assertThat(trace.first(TlsHandshakeDone.class).err()).isNull();
                assertThat(bundles).as("asked with the settings' bundle: none").containsExactly("null");
            });
        }
    }

    @Test
    void withDnsResolverResolvesAndTheLookupIsTraced() {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            with((builder) -> builder.withDnsResolver(new org.apache.hc.client5.http.SystemDefaultDnsResolver() {
                @Override
                public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                    return "orders.internal".equals(host) ? new InetAddress[] { InetAddress.getLoopbackAddress() }
                            : super.resolve(host);
                }
            })).run((context) -> {
                RecordingClientTrace trace = new RecordingClientTrace();
                String url = "http://orders.internal:" + server.port() + "/";
                assertThat(get(context.getBean(RestClient.Builder.class).build(), url, trace)).isEqualTo("hello");
                assertThat(trace.first(DnsDone.class).info().addrs()).containsExactly(InetAddress.getLoopbackAddress());
            });
        }
    }

    @Test
    void withAppliesAnOperatorToTheBuilder() {
        TracingClientHttpRequestFactoryBuilder builder = new TracingClientHttpRequestFactoryBuilder();
        assertThat(builder.with((same) -> same.withCustomizers(List.of())).toString())
                .isEqualTo(builder.toString());
        assertThat(builder.with((same) -> same.withClientCustomizer((client) -> { })).toString())
                .isEqualTo("TracingClientHttpRequestFactoryBuilder[clientCustomizers=1, factoryCustomizers=0]");
    }

    /** Reads the request, then sends nothing for 2 s before closing. */
    private static ScriptedServer silentServer() {
        return ScriptedServer.start((c) -> {
            c.readRequest();
            c.drainFor(Duration.ofSeconds(2));
        });
    }

    private static String get(RestClient client, String url, RecordingClientTrace trace) {
        return client.get().uri(url).attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace).retrieve().body(String.class);
    }
}
