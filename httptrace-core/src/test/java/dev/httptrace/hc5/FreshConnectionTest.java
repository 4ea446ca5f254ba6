package dev.httptrace.hc5;

import java.net.InetAddress;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectDone;
import dev.httptrace.testsupport.RecordingClientTrace.ConnectStart;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.DnsStart;
import dev.httptrace.testsupport.RecordingClientTrace.GetConn;
import dev.httptrace.testsupport.RecordingClientTrace.GotConn;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.RecordingClientTrace.WroteRequest;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A request on a new connection to a host name: Go's full sequence, with the data of each hook. */
class FreshConnectionTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    private final CloseableHttpClient client = TracingHttpClients.createDefault();

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void firesEveryHookOfANewConnectionInGoOrder() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.get(client, server.url("localhost", "/"), trace);

        assertThat(result.body()).isEqualTo("hello");
        assertThat(trace.names()).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "putIdleConn");
        assertThat(trace.pairingViolations()).isEmpty();
    }

    @Test
    void reportsHostPortAddressesAndConnection() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, server.url("localhost", "/"), trace);

        String addr = "127.0.0.1:" + server.port();
        assertThat(trace.first(GetConn.class).hostPort()).isEqualTo("localhost:" + server.port());
        assertThat(trace.first(DnsStart.class).info().host()).isEqualTo("localhost");
        assertThat(trace.first(DnsDone.class).info().addrs()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(trace.first(DnsDone.class).info().err()).isNull();
        assertThat(trace.first(ConnectStart.class)).isEqualTo(new ConnectStart("tcp", addr));
        assertThat(trace.first(ConnectDone.class)).isEqualTo(new ConnectDone("tcp", addr, null));
        GotConn gotConn = trace.first(GotConn.class);
        assertThat(gotConn.info().reused()).isFalse();
        assertThat(gotConn.info().wasIdle()).isFalse();
        assertThat(gotConn.info().idleTime()).isZero();
        assertThat(gotConn.info().conn().id()).startsWith("http-outgoing-");
        assertThat(gotConn.info().conn().remoteAddress().getPort()).isEqualTo(server.port());
        assertThat(gotConn.info().conn().localAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(trace.first(WroteRequest.class).info().err()).isNull();
        assertThat(trace.first(PutIdleConn.class).err()).isNull();
    }

    @Test
    void runsEveryHookOnTheCallingThread() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.get(client, server.url("localhost", "/"), trace);

        assertThat(trace.recorded()).allSatisfy(r -> assertThat(r.thread()).isEqualTo(Thread.currentThread().getName()));
    }
}
