package dev.httptrace.hc5;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

import dev.httptrace.ConnectionNotPooledException;
import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.ScriptedServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When the connection goes back to the pool, and when it does not. {@code putIdleConn} fires only when
 * the transport offers the connection back; its error says why the pool refused it.
 */
class PutIdleConnTest {

    private final PooledClient pooled = PooledClient.of(TracingHttpClients.custom());

    private final CloseableHttpClient client = pooled.client();

    private ScriptedServer scripted;

    @AfterEach
    void close() throws Exception {
        client.close();
        if (scripted != null) {
            scripted.close();
        }
    }

    private static ClassicHttpResponse open(CloseableHttpClient client, String url, RecordingClientTrace trace) throws IOException {
        return client.executeOpen(null, new HttpGet(url), HttpTrace.withClientTrace(HttpClientContext.create(), trace));
    }

    @Test
    void connectionCloseResponseIsNotOffered() throws Exception {
        scripted = ScriptedServer.start(c -> {
            c.readRequest();
            c.writeResponse(200, "bye", "Connection: close");
            c.close();
        });
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, scripted.url("/"), trace);

        assertThat(trace.names()).endsWith("wroteRequest", "gotFirstResponseByte").doesNotContain("putIdleConn");
        assertThat(pooled.pool().getTotalStats().getAvailable()).isZero();
    }

    @Test
    void brokenConnectionIsNotOffered() throws Exception {
        scripted = ScriptedServer.start(c -> {
            c.readRequest();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
            c.closeWithReset();
        });
        RecordingClientTrace trace = new RecordingClientTrace();

        assertThatThrownBy(() -> TracedCalls.get(client, scripted.url("/"), trace)).isInstanceOf(IOException.class);

        assertThat(trace.names()).endsWith("gotFirstResponseByte").doesNotContain("putIdleConn");
        assertThat(pooled.pool().getTotalStats().getLeased()).isZero();
        assertThat(pooled.pool().getTotalStats().getAvailable()).isZero();
    }

    @Test
    void bodyClosedUnreadIsDrainedAndPooled() throws Exception {
        // Go closes such a connection; HttpClient 5 reads the rest of a framed body and keeps it
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/big", 200, "y".repeat(32 * 1024))) {
            RecordingClientTrace trace = new RecordingClientTrace();

            try (ClassicHttpResponse response = open(client, server.url("/big"), trace)) {
                InputStream body = response.getEntity().getContent();
                assertThat(body.read()).isEqualTo('y');
                body.close();
                assertThat(trace.names()).endsWith("putIdleConn");
            }

            assertThat(trace.first(PutIdleConn.class).err()).isNull();
            assertThat(pooled.pool().getTotalStats().getAvailable()).isEqualTo(1);
        }
    }

    @Test
    void bodyReadOnAnotherThreadReportsToTheRequestsTrace() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            RecordingClientTrace trace = new RecordingClientTrace();
            ClassicHttpResponse response = open(client, server.url("/"), trace);
            assertThat(trace.names()).doesNotContain("putIdleConn");

            String reader = CompletableFuture.supplyAsync(() -> {
                try (response) {
                    EntityUtils.consume(response.getEntity());
                    return Thread.currentThread().getName();
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }).get();

            assertThat(trace.names()).endsWith("putIdleConn");
            assertThat(trace.recorded().get(trace.recorded().size() - 1).thread()).isEqualTo(reader);
        }
    }

    @Test
    void poolClosedMeanwhileRefusesTheConnection() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            RecordingClientTrace trace = new RecordingClientTrace();
            ClassicHttpResponse response = open(client, server.url("/"), trace);

            InputStream body = response.getEntity().getContent();
            assertThat(body.readNBytes(5)).asString().isEqualTo("hello"); // all of it, but the end not yet seen
            client.close();
            assertThat(body.read()).isEqualTo(-1); // the end: the transport offers the connection back

            assertThat(trace.names()).endsWith("putIdleConn");
            assertThat(trace.first(PutIdleConn.class).err()).isInstanceOf(ConnectionNotPooledException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void everyRequestOfAKeepAliveConnectionOffersItBack() throws Exception {
        scripted = ScriptedServer.start(c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                c.writeResponse(200, request.target());
            }
        });
        for (int i = 0; i < 3; i++) {
            RecordingClientTrace trace = new RecordingClientTrace();
            TracedCalls.get(client, scripted.url("/" + i), trace);
            assertThat(trace.all(PutIdleConn.class)).containsExactly(new PutIdleConn(null));
        }
        assertThat(scripted.connectionCount()).isEqualTo(1);
    }
}
