package dev.httptrace.hc5;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.GotConn;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.ScriptedServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pooled connection the server has closed: HttpClient 5 leases it (within validate-after-inactivity,
 * 2 s by default), gets no response, and retries on a new connection. The trace shows both attempts.
 */
class StaleConnectionRetryTest {

    private final CloseableHttpClient client = TracingHttpClients.createDefault();

    /** Answers one request per connection, then closes it without saying so (no Connection: close). */
    private final ScriptedServer server = ScriptedServer.start(c -> {
        RawRequest request = c.readRequest();
        if (request != null) {
            c.writeResponse(200, "once");
        }
        c.close();
    });

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void firstAttemptOnTheDeadConnectionThenRetryFromGetConn() throws Exception {
        TracedCalls.get(client, server.url("/"), new RecordingClientTrace());
        Thread.sleep(100); // the server's close reaches the client's socket
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.get(client, server.url("/"), trace);

        assertThat(result.body()).isEqualTo("once");
        assertThat(trace.names()).containsExactly(
                "getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
        assertThat(trace.all(GotConn.class)).extracting(g -> g.info().reused()).containsExactly(true, false);
        assertThat(trace.pairingViolations()).isEmpty();
        assertThat(server.connectionCount()).isEqualTo(2);
    }
}
