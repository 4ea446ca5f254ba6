package dev.httptrace.hc5;

import java.net.ConnectException;

import dev.httptrace.ClientTrace;
import dev.httptrace.testsupport.LoopbackPorts;
import dev.httptrace.testsupport.EveryHook;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's TestTransportEventTrace_NoHooks: a trace with no hooks goes down every path harmlessly. */
class EmptyTraceTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost");

    private final CloseableHttpClient client = TracingHttpClients.custom()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
            .setDefaultRequestConfig(RequestConfig.custom().setExpectContinueEnabled(true).build())
            .build();

    private final ScriptedServer server = EveryHook.server(CERTS);

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void emptyTraceOnEveryHookPath() throws Exception {
        for (ClientTrace empty : new ClientTrace[] {ClientTrace.NONE, new ClientTrace() { }}) {
            assertThat(TracedCalls.execute(client, EveryHook.request(server), empty).body()).isEqualTo("ok");
            assertThat(TracedCalls.execute(client, EveryHook.request(server), empty).body()).isEqualTo("ok");
            assertThatThrownBy(() -> TracedCalls.get(client, "http://127.0.0.1:" + LoopbackPorts.closedPort() + "/", empty))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
