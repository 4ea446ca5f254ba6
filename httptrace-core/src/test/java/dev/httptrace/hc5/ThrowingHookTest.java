package dev.httptrace.hc5;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.ClientTrace;
import dev.httptrace.RecordingClientTrace;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hook that throws, each of the fifteen in turn, breaks neither the request nor the hooks after it; the
 * error handler hears of it. The request is an HTTPS POST with {@code Expect: 100-continue} to a host name,
 * answered with 100 and then 200, so that every hook fires.
 */
class ThrowingHookTest {

    static final List<String> EVERY_HOOK = List.of("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
            "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wait100Continue",
            "gotFirstResponseByte", "got100Continue", "got1xxResponse", "wroteRequest", "putIdleConn");

    private static final TestCertificates CERTS = TestCertificates.generate("localhost");

    private final List<String> failedHooks = new CopyOnWriteArrayList<>();

    private final CloseableHttpClient client = TracingHttpClients.custom()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
            .setDefaultRequestConfig(RequestConfig.custom().setExpectContinueEnabled(true).build())
            .setHookErrorHandler((hook, error) -> failedHooks.add(hook + ": " + error.getMessage()))
            .build();

    private final ScriptedServer server = everyHookServer(CERTS);

    static ScriptedServer everyHookServer(TestCertificates certs) {
        return ScriptedServer.startTls(certs, c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                c.write("HTTP/1.1 100 Continue\r\n\r\n");
                c.readBody(request.contentLength());
                c.writeResponse(200, "ok");
            }
        });
    }

    static HttpPost everyHookRequest(ScriptedServer server) {
        HttpPost post = new HttpPost(server.url("/").replace("127.0.0.1", "localhost"));
        post.setEntity(new StringEntity("payload", ContentType.TEXT_PLAIN));
        return post;
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"getConn", "dnsStart", "dnsDone", "connectStart", "connectDone", "tlsHandshakeStart",
            "tlsHandshakeDone", "gotConn", "wroteHeaders", "wait100Continue", "gotFirstResponseByte", "got100Continue",
            "got1xxResponse", "wroteRequest", "putIdleConn"})
    void throwingHookBreaksNothing(String hook) throws Exception {
        RecordingClientTrace recorder = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.execute(client, everyHookRequest(server), throwingIn(hook).andThen(recorder));

        assertThat(result.body()).isEqualTo("ok");
        assertThat(recorder.names()).containsExactlyElementsOf(EVERY_HOOK);
        assertThat(failedHooks).containsExactly(hook + ": thrown by " + hook);
    }

    /** A trace whose {@code hook} throws and whose other hooks do nothing. */
    static ClientTrace throwingIn(String hook) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals(hook)) {
                throw new IllegalStateException("thrown by " + hook);
            }
            if (method.getName().equals("andThen")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("toString")) {
                return "throwingIn(" + hook + ")";
            }
            return null;
        };
        return (ClientTrace) Proxy.newProxyInstance(ClientTrace.class.getClassLoader(), new Class<?>[] {ClientTrace.class}, handler);
    }
}
