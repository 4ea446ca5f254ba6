package dev.httptrace.exchange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.httptrace.HttpTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The recorder keeps the most recent exchanges and the slowest per client name, within its fixed capacity. */
class ExchangeRecorderTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start().respond("/", 200, "ok")
            .respondSlowly("/50", Duration.ofMillis(50), "late").respondSlowly("/150", Duration.ofMillis(150), "later");

    private final CloseableHttpClient client = TracingHttpClients.custom().setMaxConnTotal(4).setMaxConnPerRoute(4).build();

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    private void call(ExchangeTraceFactory factory, String host, String path) throws Exception {
        HttpGet get = new HttpGet(server.url(host, path));
        // the template names the call, so that the test can tell them apart
        TracedRequest request = new TracedRequest("GET", get.getUri(),
                Map.of(ExchangeTraceFactory.REST_CLIENT_URI_TEMPLATE_ATTRIBUTE, "/call/{id}" + path));
        client.execute(get, HttpTrace.withClientTrace(HttpClientContext.create(), factory.create(request)),
                response -> EntityUtils.toString(response.getEntity()));
    }

    @Test
    void keepsTheMostRecentNewestFirst() throws Exception {
        ExchangeRecorder recorder = new ExchangeRecorder(3, 0, 10);
        ExchangeTraceFactory factory = new ExchangeTraceFactory(List.of(recorder));
        for (int i = 0; i < 7; i++) {
            server.respond("/" + i, 200, "n" + i);
            call(factory, "127.0.0.1", "/" + i);
        }

        assertThat(recorder.recorded()).isEqualTo(7);
        assertThat(recorder.recent()).extracting(ExchangeTimeline::templatePath).containsExactly("/call/{id}/6", "/call/{id}/5", "/call/{id}/4");
        assertThat(recorder.slowest()).isEmpty();
    }

    @Test
    void keepsTheSlowestPerClientName() throws Exception {
        ExchangeRecorder recorder = new ExchangeRecorder(0, 2, 10);
        ExchangeTraceFactory factory = new ExchangeTraceFactory(List.of(recorder));
        call(factory, "localhost", "/150");
        call(factory, "localhost", "/");
        call(factory, "localhost", "/50");
        call(factory, "localhost", "/");
        call(factory, "127.0.0.1", "/");

        Map<String, List<ExchangeTimeline>> slowest = recorder.slowest();
        assertThat(slowest.keySet()).containsExactly("127.0.0.1", "localhost");
        assertThat(slowest.get("localhost")).extracting(ExchangeTimeline::templatePath).containsExactly("/call/{id}/150", "/call/{id}/50");
        assertThat(slowest.get("127.0.0.1")).extracting(ExchangeTimeline::templatePath).containsExactly("/call/{id}/");
        assertThat(recorder.recent()).isEmpty();
    }

    @Test
    void clientNamesBeyondTheLimitShareOther() throws Exception {
        ExchangeRecorder recorder = new ExchangeRecorder(0, 5, 1);
        ExchangeTraceFactory factory = new ExchangeTraceFactory(List.of(recorder));
        call(factory, "localhost", "/");
        call(factory, "127.0.0.1", "/");
        call(factory, "127.0.0.1", "/50");

        Map<String, List<ExchangeTimeline>> slowest = recorder.slowest();
        assertThat(slowest.keySet()).containsExactly("localhost", ExchangeRecorder.OTHER);
        assertThat(slowest.get(ExchangeRecorder.OTHER)).extracting(ExchangeTimeline::clientName).containsOnly("127.0.0.1").hasSize(2);
    }

    @Test
    void manyThreadsOnFewConnections() throws Exception {
        ExchangeRecorder recorder = new ExchangeRecorder(10, 3, 10);
        ExchangeTraceFactory factory = new ExchangeTraceFactory(List.of(recorder));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                calls.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        call(factory, "127.0.0.1", "/");
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(recorder.recorded()).isEqualTo(640);
        List<ExchangeTimeline> recent = recorder.recent();
        assertThat(recent).hasSize(10);
        List<ExchangeTimeline> slowest = recorder.slowest().get("127.0.0.1");
        assertThat(slowest).hasSize(3);
        for (ExchangeTimeline exchange : recent) {
            assertThat(exchange.status()).isEqualTo(200);
            ExchangeTimelineTest.assertPhasesAddUp(exchange);
        }
        // the slowest kept are at least as slow as every recent one they could have displaced
        long slowestKept = slowest.get(slowest.size() - 1).total().toNanos();
        assertThat(slowest).isSortedAccordingTo((a, b) -> b.total().compareTo(a.total()));
        assertThat(recent).allSatisfy(exchange -> assertThat(exchange.total().toNanos()).isLessThanOrEqualTo(slowest.get(0).total().toNanos()));
        assertThat(slowestKept).isPositive();
    }

    @Test
    void negativeCapacitiesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExchangeRecorder(-1, 10, 10)).withMessageContaining("recent=-1");
    }
}
