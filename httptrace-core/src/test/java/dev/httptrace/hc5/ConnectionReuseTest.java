package dev.httptrace.hc5;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.GotConn;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A second request on the same client takes the pooled connection: no DNS, no connect. */
class ConnectionReuseTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    private final CloseableHttpClient client = TracingHttpClients.createDefault();

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void secondRequestReusesTheIdleConnection() throws Exception {
        RecordingClientTrace first = new RecordingClientTrace();
        RecordingClientTrace second = new RecordingClientTrace();

        TracedCalls.get(client, server.url("localhost", "/"), first);
        Thread.sleep(20);
        TracedCalls.get(client, server.url("localhost", "/"), second);

        assertThat(second.names()).containsExactly("getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
        GotConn gotConn = second.first(GotConn.class);
        assertThat(gotConn.info().reused()).isTrue();
        assertThat(gotConn.info().wasIdle()).isTrue();
        assertThat(gotConn.info().idleTime().toMillis()).isGreaterThanOrEqualTo(20);
        assertThat(gotConn.info().conn()).isEqualTo(first.first(GotConn.class).info().conn());
        assertThat(second.first(PutIdleConn.class).err()).isNull();
        assertThat(second.pairingViolations()).isEmpty();
    }
}
