package dev.httptrace.hc5;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.ClientTrace;
import dev.httptrace.testsupport.EveryHook;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hook that throws, each of the seventeen that {@link EveryHook#request} fires in turn, breaks neither the
 * request nor the hooks after it; the error handler hears of it.
 */
class ThrowingHookTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost");

    private final List<String> failedHooks = new CopyOnWriteArrayList<>();

    private final CloseableHttpClient client = TracingHttpClients.custom()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
            .setDefaultRequestConfig(RequestConfig.custom().setExpectContinueEnabled(true).build())
            .setHookErrorHandler((hook, error) -> failedHooks.add(hook + ": " + error.getMessage()))
            .build();

    private final ScriptedServer server = EveryHook.server(CERTS);

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @ParameterizedTest
    @FieldSource("dev.httptrace.testsupport.EveryHook#HOOKS")
    void throwingHookBreaksNothing(String hook) throws Exception {
        RecordingClientTrace recorder = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.execute(client, EveryHook.request(server),
                EveryHook.throwingIn(hook).andThen(recorder));

        assertThat(result.body()).isEqualTo("ok");
        assertThat(recorder.names()).containsExactlyElementsOf(EveryHook.GO_HOOKS);
        assertThat(recorder.allNames()).containsExactlyElementsOf(EveryHook.HOOKS);
        assertThat(failedHooks).containsExactly(hook + ": thrown by " + hook);
    }

    @Test
    void twoTracesThrowingInOneHookAreTwoFailuresAndTheTracesAfterThemStillRun() throws Exception {
        RecordingClientTrace recorder = new RecordingClientTrace();
        ClientTrace composed = EveryHook.throwingIn("gotConn").andThen(EveryHook.throwingIn("gotConn")).andThen(recorder);

        TracedCalls.Result result = TracedCalls.execute(client, EveryHook.request(server), composed);

        assertThat(result.body()).isEqualTo("ok");
        assertThat(recorder.allNames()).containsExactlyElementsOf(EveryHook.HOOKS);
        assertThat(failedHooks).containsExactly("gotConn: thrown by gotConn", "gotConn: thrown by gotConn");
    }
}
