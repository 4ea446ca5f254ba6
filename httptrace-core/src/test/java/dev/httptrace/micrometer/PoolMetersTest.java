package dev.httptrace.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.LoopbackHttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool gauges, read from a real pool while requests hold it and wait for it. */
class PoolMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    @AfterEach
    void close() {
        server.close();
    }

    private double gauge(String name, String host) {
        return registry.get(name).tags("client.name", host, "pool", "orders").gauge().value();
    }

    private static CompletableFuture<String> getAsync(CloseableHttpClient client, String url) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.execute(new HttpGet(url), response -> EntityUtils.toString(response.getEntity()));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void oneRequestHoldingAPoolOfOneAndTwoWaitingThenAllBackToIdleThenGoneWithTheClient() throws Exception {
        CloseableHttpClient client = TracingHttpClients.custom().setMaxConnTotal(1).setMaxConnPerRoute(1)
                .setPoolObserver(new PoolMeters(registry, "orders")).build();
        String url = server.url("/");
        ClassicHttpResponse holding = client.executeOpen(null, new HttpGet(url), HttpClientContext.create());
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        waiting.add(getAsync(client, url));
        waiting.add(getAsync(client, url));
        await(() -> gauge("httptrace.pool.pending", "127.0.0.1") == 2);

        assertThat(gauge("httptrace.pool.leased", "127.0.0.1")).isEqualTo(1);
        assertThat(gauge("httptrace.pool.available", "127.0.0.1")).isZero();
        assertThat(gauge("httptrace.pool.max", "127.0.0.1")).isEqualTo(1);

        EntityUtils.consume(holding.getEntity());
        holding.close();
        for (CompletableFuture<String> request : waiting) {
            assertThat(request.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        }
        assertThat(gauge("httptrace.pool.leased", "127.0.0.1")).isZero();
        assertThat(gauge("httptrace.pool.pending", "127.0.0.1")).isZero();
        assertThat(gauge("httptrace.pool.available", "127.0.0.1")).isEqualTo(1);

        client.close();
        assertThat(registry.find("httptrace.pool.leased").gauges()).isEmpty();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void hostsBeyondTheLimitAddUpUnderOther() throws Exception {
        try (CloseableHttpClient client = TracingHttpClients.custom().setPoolObserver(new PoolMeters(registry, "orders", 1))
                .build()) {
            for (String host : List.of("127.0.0.1", "localhost", "multi.test")) {
                ClassicHttpResponse response = client.executeOpen(null, new HttpGet(server.url(host, "/")),
                        HttpClientContext.create());
                EntityUtils.consume(response.getEntity());
                response.close();
            }

            assertThat(gauge("httptrace.pool.available", "127.0.0.1")).isEqualTo(1);
            // localhost and multi.test: one idle connection each
            assertThat(gauge("httptrace.pool.available", "other")).isEqualTo(2);
            assertThat(gauge("httptrace.pool.max", "other")).isEqualTo(10); // HttpClient's default: 5 per route
            assertThat(registry.find("httptrace.pool.leased").gauges()).hasSize(2);
        }
        assertThat(registry.getMeters()).isEmpty();
    }
}
