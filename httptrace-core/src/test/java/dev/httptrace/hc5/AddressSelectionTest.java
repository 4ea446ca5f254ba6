package dev.httptrace.hc5;

import java.net.ConnectException;
import java.net.InetAddress;
import java.util.List;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectDone;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectStart;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.GetConn;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses are resolved and tried: none for an IP literal, each in turn for a name with several. */
class AddressSelectionTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    private final CloseableHttpClient client = TracingHttpClients.createDefault();

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void ipLiteralHasNoDnsHooks() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, server.url("/"), trace);

        assertThat(trace.names()).containsExactly("getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders",
                "wroteRequest", "gotFirstResponseByte", "putIdleConn");
        assertThat(trace.first(GetConn.class).hostPort()).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void eachAddressTriedHasItsOwnConnectPairAndError() throws Exception {
        // multi.test resolves to 127.0.0.2 (nothing listens there), then 127.0.0.1 (the server)
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.get(client, server.url("multi.test", "/"), trace);

        assertThat(result.body()).isEqualTo("hello");
        assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "connectStart", "connectDone", "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte",
                "putIdleConn");
        assertThat(trace.first(DnsDone.class).info().addrs())
                .containsExactly(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
        List<ConnectStart> starts = trace.all(ConnectStart.class);
        List<ConnectDone> dones = trace.all(ConnectDone.class);
        assertThat(starts).extracting(ConnectStart::addr)
                .containsExactly("127.0.0.2:" + server.port(), "127.0.0.1:" + server.port());
        assertThat(dones.get(0).err()).isInstanceOf(ConnectException.class);
        assertThat(dones.get(1).err()).isNull();
        assertThat(trace.pairingViolations()).isEmpty();
    }
}
