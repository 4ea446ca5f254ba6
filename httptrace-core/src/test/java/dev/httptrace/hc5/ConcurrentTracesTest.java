package dev.httptrace.hc5;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads over a small pool: each request's trace sees exactly its own events, in a valid order. */
class ConcurrentTracesTest {

    private static final int THREADS = 32;

    private static final int REQUESTS_PER_THREAD = 500;

    private static final List<String> FRESH = List.of("getConn", "connectStart", "connectDone", "gotConn",
            "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "putIdleConn");

    private static final List<String> REUSED = List.of("getConn", "gotConn", "wroteHeaders", "wroteRequest",
            "gotFirstResponseByte", "putIdleConn");

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    private final PooledClient pooled = PooledClient.of(TracingHttpClients.custom().setMaxConnTotal(8).setMaxConnPerRoute(8));

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        pooled.close();
        server.close();
    }

    @Test
    void everyTraceSeesOnlyItsOwnRequest() throws Exception {
        CloseableHttpClient client = pooled.client();
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(threads.submit(() -> {
                List<String> problems = new ArrayList<>();
                for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                    RecordingClientTrace trace = new RecordingClientTrace();
                    String path = "/?t=" + thread + "&r=" + i;
                    TracedCalls.Result result = TracedCalls.get(client, server.url(path), trace);
                    List<String> names = trace.names();
                    if (result.status() != 200 || !(names.equals(FRESH) || names.equals(REUSED))) {
                        problems.add(path + " " + result.status() + " " + names);
                    }
                    problems.addAll(trace.pairingViolations());
                    String self = Thread.currentThread().getName();
                    if (trace.recorded().stream().anyMatch(r -> !r.thread().equals(self))) {
                        problems.add(path + ": a hook ran on another thread");
                    }
                }
                return problems;
            }));
        }
        List<String> problems = new ArrayList<>();
        for (Future<List<String>> result : results) {
            problems.addAll(result.get(5, TimeUnit.MINUTES));
        }

        assertThat(problems).isEmpty();
        assertThat(server.requestCount()).isEqualTo(THREADS * REQUESTS_PER_THREAD);
        assertThat(pooled.pool().getTotalStats().getLeased()).isZero();
        assertThat(pooled.pool().getTotalStats().getAvailable()).isBetween(1, 8);
    }
}
