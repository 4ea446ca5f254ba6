package dev.httptrace.hc5;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.httptrace.ClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.Got1xxResponse;
import dev.httptrace.testsupport.RecordingClientTrace.WroteRequest;
import dev.httptrace.TracedRequest;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.ScriptedServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Expect: 100-continue}, switched on through the user's {@link RequestConfig}: Go's order of hooks. */
class ExpectContinueTest {

    /** Over 1 KiB: HttpClient sends a body of at most 1 KiB even after a rejection. */
    private static final String BODY = "x".repeat(4096);

    private final CloseableHttpClient client = TracingHttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom().setExpectContinueEnabled(true).build())
            .setWaitForContinue(Timeout.ofMilliseconds(500))
            .build();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);

    private ScriptedServer server;

    /** The recorder, after the meters' trace of the same request. */
    private ClientTrace metered(RecordingClientTrace trace) {
        return meters.create(new TracedRequest("POST", URI.create(server.url("/")), Map.of())).andThen(trace);
    }

    private long count(String meter, String... tags) {
        return registry.find(meter).tags(tags).timers().stream().mapToLong(t -> t.count()).sum();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
        assertThat(server.scriptErrors()).isEmpty();
    }

    private static HttpPost post(String url) {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(BODY, ContentType.TEXT_PLAIN));
        return post;
    }

    @Test
    void acceptedBodyIsWrittenAfter100Continue() throws Exception {
        AtomicInteger bodyBytes = new AtomicInteger();
        server = ScriptedServer.start(c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                assertThat(request.header("Expect")).isEqualToIgnoringCase("100-continue");
                c.write("HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n");
                bodyBytes.addAndGet(c.readBody(request.contentLength()).length);
                c.writeResponse(200, "created");
            }
        });
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.execute(client, post(server.url("/")), metered(trace));

        assertThat(result.body()).isEqualTo("created");
        // the server's answer after the body is the final response's head: server.processing has it
        assertThat(trace.allNames()).endsWith("wroteRequest", "gotFinalResponse", "responseBodyDone", "putIdleConn");
        assertThat(count("httptrace.server.processing", "method", "POST", "exception", "none")).isEqualTo(1);
        assertThat(count("httptrace.content.transfer", "method", "POST", "exception", "none")).isEqualTo(1);
        assertThat(count("httptrace.continue.wait", "outcome", "continued")).isEqualTo(1);
        assertThat(bodyBytes).hasValue(BODY.length());
        assertThat(trace.names()).containsExactly("getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders",
                "wait100Continue", "gotFirstResponseByte", "got100Continue", "got1xxResponse", "wroteRequest",
                "putIdleConn");
        Got1xxResponse interim = trace.first(Got1xxResponse.class);
        assertThat(interim.code()).isEqualTo(100);
        assertThat(interim.headers().get("x-interim")).containsExactly("yes");
        assertThat(trace.first(WroteRequest.class).info().err()).isNull();
    }

    @Test
    void rejectedBodyIsNotSent() throws Exception {
        CompletableFuture<Integer> bodyBytes = new CompletableFuture<>();
        server = ScriptedServer.start(c -> {
            RawRequest request = c.readRequest();
            assertThat(request).isNotNull();
            c.writeResponse(417, "no thanks");
            bodyBytes.complete(c.drainFor(Duration.ofMillis(300)));
        });
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.execute(client, post(server.url("/")), metered(trace));

        assertThat(result.status()).isEqualTo(417);
        // the answer came before the body would have been sent: no server time after the request to measure
        assertThat(trace.allNames()).endsWith("gotFirstResponseByte", "gotFinalResponse", "wroteRequest", "responseBodyDone");
        assertThat(count("httptrace.server.processing")).isZero();
        assertThat(count("httptrace.content.transfer", "method", "POST", "exception", "none")).isEqualTo(1);
        assertThat(count("httptrace.continue.wait", "outcome", "rejected")).isEqualTo(1);
        assertThat(trace.names()).containsExactly("getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders",
                "wait100Continue", "gotFirstResponseByte", "wroteRequest");
        assertThat(trace.first(WroteRequest.class).info().err()).isNull();
        assertThat(bodyBytes.get(5, TimeUnit.SECONDS)).as("body bytes the server received").isZero();
    }

    @Test
    void silentServerGetsTheBodyAfterTheWaitTimesOut() throws Exception {
        server = ScriptedServer.start(c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                c.readBody(request.contentLength());
                c.writeResponse(200, "late");
            }
        });
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.execute(client, post(server.url("/")), trace);

        assertThat(result.body()).isEqualTo("late");
        assertThat(trace.names()).containsExactly("getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders",
                "wait100Continue", "wroteRequest", "gotFirstResponseByte", "putIdleConn");
    }
}
