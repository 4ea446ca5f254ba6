package dev.httptrace.reactor;

import java.net.URI;
import java.time.Duration;

import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.ExchangeFailed;
import dev.httptrace.testsupport.RecordingClientTrace.Got1xxResponse;
import dev.httptrace.testsupport.RecordingClientTrace.GotFinalResponse;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interim ({@code 1xx}) responses over Reactor Netty, where it differs from Go: it skips a {@code 100 Continue}
 * without waiting for one (the body goes out at once), and it takes a {@code 103 Early Hints} as the final response.
 * The hooks report both as they happen on the wire, and such a {@code 103} attempt as failed.
 */
class ReactorNettyInterimResponsesTest {

    @AutoClose
    final Closeables closeables = new Closeables();

    private final ConnectionProvider pool = ConnectionProvider.builder("httptrace-interim").maxConnections(1).build();

    private final HttpClient client = TracingReactorNetty.trace(HttpClient.create(pool));

    @AfterEach
    void disposePool() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    /** The status and body the application gets for {@code request} to {@code url}. */
    private static String statusAndBody(HttpClient.ResponseReceiver<?> request, String url, RecordingClientTrace trace) {
        return request.responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map((text) -> response.status().code() + " " + text))
                .contextWrite((context) -> TracingReactorNetty.withTrace(context, trace, URI.create(url)))
                .block(Duration.ofSeconds(10));
    }

    @Test
    void earlyHintsBecomeTheResponseAndTheAttemptEndsFailed() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start((connection) -> {
            if (connection.readRequest() != null) {
                connection.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n"
                        + "Link: </app.js>; rel=preload\r\n\r\n");
                connection.writeResponse(200, "final");
            }
        }));
        RecordingClientTrace recording = new RecordingClientTrace();
        String url = server.url("/");

        assertThat(statusAndBody(client.get().uri(url), url, recording)).isEqualTo("103 ");

        assertThat(recording.allNames()).containsExactly("getConn", "connectStart", "connectDone", "gotConn",
                "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "got1xxResponse", "exchangeFailed");
        Got1xxResponse hints = recording.first(Got1xxResponse.class);
        assertThat(hints.code()).isEqualTo(103);
        assertThat(hints.headers().get("link")).containsExactly("</style.css>; rel=preload", "</app.js>; rel=preload");
        assertThat(recording.first(ExchangeFailed.class).err()).isInstanceOf(InterimResponseAsFinalException.class)
                .hasMessageContaining("103");
        Thread.sleep(100); // the connection's release, which a failed attempt does not report
        assertThat(recording.all(PutIdleConn.class)).isEmpty();
    }

    @Test
    void continueIsAnInterimResponseAfterABodySentWithoutWaiting() throws Exception {
        ScriptedServer server = closeables.add(ScriptedServer.start((connection) -> {
            RawRequest request = connection.readRequest();
            if (request != null) {
                // the whole body before the 100: a client that waited for it would never get a response
                String body = connection.readChunkedBody();
                connection.write("HTTP/1.1 100 Continue\r\n\r\n");
                connection.writeResponse(200, request.header("Expect") + " " + body);
            }
        }));
        RecordingClientTrace recording = new RecordingClientTrace();
        String url = server.url("/");

        String response = statusAndBody(client.headers((headers) -> headers.set("Expect", "100-continue")).post().uri(url)
                .send(ByteBufFlux.fromString(Mono.just("hello"))), url, recording);

        assertThat(response).isEqualTo("200 100-continue hello");
        assertThat(recording.awaitEvent(PutIdleConn.class, Duration.ofSeconds(1)).allNames()).containsExactly("getConn",
                "connectStart", "connectDone", "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte",
                "got1xxResponse", "gotFinalResponse", "responseBodyDone", "putIdleConn");
        assertThat(recording.first(Got1xxResponse.class).code()).isEqualTo(100);
        assertThat(recording.first(Got1xxResponse.class).headers()).isEmpty();
        assertThat(recording.first(GotFinalResponse.class).code()).isEqualTo(200);
    }
}
