package dev.httptrace.hc5;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.httptrace.ConnectionNotPooledException;
import dev.httptrace.HttpTrace;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.ConnectionScript;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More threads than connections: HttpClient's pool hands a released connection to a waiting lease inside
 * {@code release}, on the releasing thread, so the next lease runs (even to its own release) before the
 * first release returns. Every request still gets exactly its own events, and {@code putIdleConn(null)}
 * for a fully read keep-alive response. Short sizes in {@code mvn verify}; {@code -Dhttptrace.load.full=true}
 * runs 300 requests per thread (RELIABILITY.md).
 */
@Tag("load")
class PoolContentionTest {

    private static final boolean FULL = Boolean.getBoolean("httptrace.load.full");

    private static final TestCertificates CERTS = TestCertificates.generate("localhost");

    private static final ConnectionScript KEEP_ALIVE = c -> {
        while (c.readRequest() != null) {
            c.writeResponse(200, "ok");
        }
    };

    @ParameterizedTest(name = "{0} threads, pool of {1}, https={2}")
    @CsvSource({"2, 1, false, 200", "16, 4, false, 40", "64, 16, false, 15", "64, 4, true, 10"})
    void everyRequestSeesItsOwnEventsAndAFalsePutIdleConnErrorNeverHappens(int threads, int poolSize, boolean https,
            int shortPerThread) throws Exception {
        int perThread = FULL ? 300 : shortPerThread;
        try (ScriptedServer server = https ? ScriptedServer.startTls(CERTS, KEEP_ALIVE) : ScriptedServer.start(KEEP_ALIVE);
                PooledClient pooled = PooledClient.of(TracingHttpClients.custom()
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
                        .setMaxConnTotal(poolSize).setMaxConnPerRoute(poolSize))) {
            String url = https ? "https://localhost:" + server.port() + "/" : server.url("/");
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            List<Future<List<String>>> results = new ArrayList<>();
            try {
                for (int t = 0; t < threads; t++) {
                    results.add(executor.submit(() -> {
                        List<String> problems = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            RecordingClientTrace trace = new RecordingClientTrace();
                            TracedCalls.Result result = TracedCalls.get(pooled.client(), url, trace);
                            String problem = result.status() != 200 ? "status " + result.status()
                                    : SequenceChecker.check(trace.names(), https, true);
                            if (problem == null && !trace.all(PutIdleConn.class).equals(List.of(new PutIdleConn(null)))) {
                                problem = "putIdleConn " + trace.all(PutIdleConn.class);
                            }
                            if (problem == null && !trace.violations().isEmpty()) {
                                problem = trace.violations().get(0);
                            }
                            if (problem != null) {
                                problems.add(problem);
                            }
                        }
                        return problems;
                    }));
                }
                List<String> problems = new ArrayList<>();
                for (Future<List<String>> result : results) {
                    problems.addAll(result.get(10, TimeUnit.MINUTES));
                }
                System.out.printf("RELIABILITY contention: %d threads x %d requests, pool of %d%s: %d requests, %d with a "
                        + "wrong putIdleConn or a foreign or missing event, %d connections opened%n", threads, perThread,
                        poolSize, https ? " (HTTPS)" : "", threads * perThread, problems.size(), server.connectionCount());
                assertThat(problems).isEmpty();
            } finally {
                executor.shutdownNow();
            }
            assertThat(server.connectionCount()).isLessThanOrEqualTo(poolSize);
            assertThat(pooled.pool().getTotalStats().getLeased()).isZero();
            assertThat(pooled.pool().getTotalStats().getPending()).isZero();
        }
    }

    @Test
    void aConnectionEvictedToMakeRoomForAnotherRouteIsARealRefusal() throws Exception {
        try (ScriptedServer first = ScriptedServer.start(KEEP_ALIVE); ScriptedServer second = ScriptedServer.start(KEEP_ALIVE);
                PooledClient pooled = PooledClient.of(TracingHttpClients.custom().setMaxConnTotal(1).setMaxConnPerRoute(1))) {
            RecordingClientTrace held = new RecordingClientTrace();
            ClassicHttpResponse response = pooled.client().executeOpen(null, new HttpGet(first.url("/")),
                    HttpTrace.withClientTrace(HttpClientContext.create(), held));
            RecordingClientTrace waiting = new RecordingClientTrace();
            CompletableFuture<TracedCalls.Result> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return TracedCalls.get(pooled.client(), second.url("/"), waiting);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            while (pooled.pool().getTotalStats().getPending() == 0) {
                Thread.onSpinWait();
            }

            try (InputStream body = response.getEntity().getContent()) {
                body.readAllBytes(); // the end: the pool takes the connection, then closes it for the other route
            }

            assertThat(other.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(held.all(PutIdleConn.class)).singleElement().extracting(PutIdleConn::err)
                    .isInstanceOf(ConnectionNotPooledException.class);
            assertThat(held.first(PutIdleConn.class).err()).hasMessage(
                    "connection pool closed the connection instead of keeping it idle");
            assertThat(waiting.names()).containsSubsequence("getConn", "connectStart", "gotConn");
            assertThat(waiting.all(PutIdleConn.class)).containsExactly(new PutIdleConn(null));
            assertThat(pooled.pool().getTotalStats().getLeased()).isZero();
        }
    }
}
