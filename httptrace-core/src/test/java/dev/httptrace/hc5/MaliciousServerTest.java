package dev.httptrace.hc5;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.httptrace.ClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.ScriptedServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A hostile server cannot make the tracing layer keep memory without bound, nor hold up other requests'
 * hooks: the transport keeps nothing per interim response or header, and one request's hooks never wait
 * on another's.
 */
class MaliciousServerTest {

    private final CloseableHttpClient client = TracingHttpClients.custom().setMaxConnPerRoute(4).build();

    private ScriptedServer server;

    @AfterEach
    void close() throws Exception {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /** Counts interim responses and the header fields they carried, keeping none of them. */
    private static final class Counting implements ClientTrace {

        final AtomicInteger interim = new AtomicInteger();

        final AtomicLong headerFields = new AtomicLong();

        @Override
        public void got1xxResponse(int code, Map<String, List<String>> headers) {
            interim.incrementAndGet();
            headers.values().forEach(values -> headerFields.addAndGet(values.size()));
        }
    }

    @Test
    void tenThousandInterimResponsesKeepNothingBehind() throws Exception {
        int storm = 10_000;
        server = ScriptedServer.start(c -> {
            RawRequest request = c.readRequest();
            if (request != null) {
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    chunk.append("HTTP/1.1 103 Early Hints\r\nLink: </x.css>; rel=preload\r\n\r\n");
                }
                for (int i = 0; i < storm / 100; i++) {
                    c.write(chunk.toString());
                }
                c.writeResponse(200, "finally");
            }
        });
        Counting counting = new Counting();
        long heapBefore = usedHeap();

        TracedCalls.Result result = TracedCalls.get(client, server.url("/"), counting);

        assertThat(result.body()).isEqualTo("finally");
        assertThat(counting.interim).hasValue(storm);
        assertThat(counting.headerFields).hasValue(storm);
        assertThat(usedHeap() - heapBefore).as("heap kept after the storm").isLessThan(4L * 1024 * 1024);
    }

    @Test
    void hugeHeaderCountIsStoppedByTheConfiguredParserLimit() throws Exception {
        // the limit is HttpCore's (Http1Config.maxHeaderCount; unlimited by default before HttpCore 5.4):
        // the tracing layer passes the user's Http1Config on and keeps nothing of the fields
        server = ScriptedServer.start(c -> {
            RawRequest request = c.readRequest();
            if (request != null) {
                StringBuilder head = new StringBuilder("HTTP/1.1 103 Early Hints\r\n");
                for (int i = 0; i < 5_000; i++) {
                    head.append("X-Field-").append(i).append(": v\r\n");
                }
                c.write(head.append("\r\n").toString());
                c.writeResponse(200, "done");
            }
        });
        Counting counting = new Counting();
        try (CloseableHttpClient limited = TracingHttpClients.custom()
                .setHttp1Config(Http1Config.custom().setMaxHeaderCount(1_000).build()).build()) {

            assertThatThrownBy(() -> TracedCalls.get(limited, server.url("/"), counting))
                    .isInstanceOf(MessageConstraintException.class);
        }

        assertThat(counting.interim).hasValue(0);
    }

    @Test
    void slowlorisBodyDoesNotHoldUpOtherRequestsHooks() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        server = ScriptedServer.start(c -> {
            RawRequest request = c.readRequest();
            if (request != null && request.target().equals("/slow")) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
                slowStarted.countDown();
                for (int i = 0; i < 100; i++) {
                    c.write("x");
                    Thread.sleep(30);
                }
            } else if (request != null) {
                c.writeResponse(200, "fast");
            }
        });
        RecordingClientTrace slowTrace = new RecordingClientTrace();
        CompletableFuture<TracedCalls.Result> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return TracedCalls.get(client, server.url("/slow"), slowTrace);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

        RecordingClientTrace fastTrace = new RecordingClientTrace();
        long start = System.nanoTime();
        TracedCalls.Result fast = TracedCalls.get(client, server.url("/fast"), fastTrace);
        Duration fastTook = Duration.ofNanos(System.nanoTime() - start);

        assertThat(fast.body()).isEqualTo("fast");
        assertThat(fastTrace.names()).endsWith("gotFirstResponseByte", "putIdleConn");
        assertThat(slow).isNotDone();
        assertThat(fastTook).isLessThan(Duration.ofMillis(2_500)); // the slow body takes 3 s
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).hasSize(100);
        assertThat(slowTrace.names()).endsWith("putIdleConn");
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(30);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
