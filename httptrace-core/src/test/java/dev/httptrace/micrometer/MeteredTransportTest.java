package dev.httptrace.micrometer;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.httptrace.ClientTrace;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HttpTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.ExchangeFailed;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters fed by the real traced transport (not by hand-driven hooks), into a real registry. */
class MeteredTransportTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);

    private final LoopbackHttpServer server = LoopbackHttpServer.startTls(CERTS);

    private final CloseableHttpClient client = TracingHttpClients.custom()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
            .setHookErrorHandler(meters.hookErrorHandler())
            .build();

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    private void get(String url, ClientTrace extra) throws Exception {
        ClientTrace trace = meters.create(new TracedRequest("GET", URI.create(url), Map.of())).andThen(extra);
        HttpClientContext context = HttpTrace.withClientTrace(HttpClientContext.create(), trace);
        client.execute(new HttpGet(url), context, response -> EntityUtils.toString(response.getEntity()));
    }

    private Timer timer(String name, String... tags) {
        return registry.get(name).tags(tags).timer();
    }

    @Test
    void freshAndReusedHttpsCallsRecordEveryPhase() throws Exception {
        get(server.url("localhost", "/"), ClientTrace.NONE);
        get(server.url("localhost", "/"), ClientTrace.NONE);

        String[] host = {"client.name", "localhost"};
        assertThat(timer("httptrace.dns", "client.name", "localhost", "exception", "none").count()).isEqualTo(1);
        assertThat(timer("httptrace.connect", "client.name", "localhost", "network.type", "ipv4", "exception", "none").count()).isEqualTo(1);
        assertThat(timer("httptrace.tls.handshake", "client.name", "localhost", "tls.protocol.version", "1.3", "exception", "none").count()).isEqualTo(1);
        assertThat(timer("httptrace.connection.acquire", "client.name", "localhost", "reused", "false", "exception", "none").count()).isEqualTo(1);
        assertThat(timer("httptrace.connection.acquire", "client.name", "localhost", "reused", "true", "exception", "none").count()).isEqualTo(1);
        assertThat(timer("httptrace.connection.idle", host).count()).isEqualTo(1);
        assertThat(timer("httptrace.request.write", "client.name", "localhost", "method", "GET", "exception", "none").count()).isEqualTo(2);
        assertThat(timer("httptrace.server.processing", "client.name", "localhost", "method", "GET").count()).isEqualTo(2);
        assertThat(timer("httptrace.tls.handshake", host).totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void dnsFailureIsTaggedWithItsException() {
        assertThatThrownBy(() -> get("http://does-not-exist.test/", ClientTrace.NONE)).isInstanceOf(UnknownHostException.class);

        assertThat(timer("httptrace.dns", "client.name", "does-not-exist.test", "exception", "UnknownHostException").count()).isEqualTo(1);
        assertThat(timer("httptrace.connection.acquire", "client.name", "does-not-exist.test", "reused", "false",
                "exception", "UnknownHostException").count()).isEqualTo(1);
    }

    @Test
    void throwingHooksAreCountedAndTheRequestSucceeds() throws Exception {
        ClientTrace throwing = new ClientTrace() {
            @Override
            public void gotConn(GotConnInfo info) {
                throw new IllegalStateException("boom");
            }
        };

        get(server.url("localhost", "/"), throwing);
        get(server.url("localhost", "/"), throwing);

        assertThat(registry.get("httptrace.hook.errors").tags("hook", "gotConn").counter().count()).isEqualTo(2);
        List<Meter> all = registry.getMeters();
        assertThat(all).allSatisfy(meter -> assertThat(meter.getId().getTags()).extracting(Tag::getValue)
                .noneMatch(value -> value.contains("/")));
    }

    @Test
    void aResponseHeadCutAfterItsFirstBytesIsAnExceptionTaggedContentTransfer() throws Exception {
        try (ScriptedServer cut = ScriptedServer.start((connection) -> {
            if (connection.readRequest() != null) {
                connection.write("HTTP/1.1 20");
                connection.close();
            }
        })) {
            String url = cut.url("/");
            RecordingClientTrace recording = new RecordingClientTrace();

            assertThatThrownBy(() -> get(url, recording)).isInstanceOf(IOException.class);

            assertThat(recording.allNames()).contains("gotFirstResponseByte", "exchangeFailed");
            List<ExchangeFailed> failures = recording.all(ExchangeFailed.class); // HttpClient may retry
            String exception = failures.get(0).err().getClass().getSimpleName();
            // the server's time ended at its first byte; reading the rest of the response failed
            assertThat(timer("httptrace.server.processing", "client.name", "127.0.0.1", "exception", "none").count())
                    .isEqualTo(failures.size());
            assertThat(timer("httptrace.content.transfer", "client.name", "127.0.0.1", "exception", exception).count())
                    .isEqualTo(failures.size());
        }
    }
}
