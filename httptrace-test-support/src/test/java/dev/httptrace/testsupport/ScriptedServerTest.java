package dev.httptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class ScriptedServerTest {

    @Test
    void scriptedExchangesWithContentLengthAndChunkedBodies() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (ScriptedServer server = ScriptedServer.start(c -> {
            RawRequest r;
            while ((r = c.readRequest()) != null) {
                String body = "chunked".equalsIgnoreCase(r.header("transfer-encoding"))
                        ? c.readChunkedBody()
                        : new String(c.readBody(Math.max(r.contentLength(), 0)), StandardCharsets.UTF_8);
                seen.add(r.method() + " " + r.target() + " " + r.version() + " [" + body + "]");
                c.writeResponse(200, "got " + body.length(), "X-Seen: " + seen.size());
            }
        })) {
            assertThat(server.url("/a")).isEqualTo("http://127.0.0.1:" + server.port() + "/a");
            try (Socket socket = connect(server.port())) {
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                // two pipelined requests in one write: the per-connection buffer must not lose the second
                send(out, "POST /upload?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: y\r\n\r\n"
                        + "PUT /p HTTP/1.1\r\ncontent-LENGTH: 3\r\n\r\nabc");
                ClientResponse first = ClientResponse.read(in, false);
                assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(first.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8")
                        .containsEntry("X-Seen", "1");
                assertThat(first.body()).isEqualTo("got 11");
                assertThat(ClientResponse.read(in, false).body()).isEqualTo("got 3");
            }
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("POST /upload?x=1 HTTP/1.1 [hello world]");
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("PUT /p HTTP/1.1 [abc]");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.scriptErrors()).isEmpty();
        }
    }

    @Test
    void rawRequestHeadersAreCaseInsensitiveAndUnmodifiable() throws Exception {
        CompletableFuture<RawRequest> request = new CompletableFuture<>();
        try (ScriptedServer server = ScriptedServer.start(c -> {
            request.complete(c.readRequest());
            c.write("HTTP/1.1 204 No Content\r\n\r\n");
        })) {
            try (Socket socket = connect(server.port())) {
                send(socket.getOutputStream(), "\r\nGET / HTTP/1.1\r\nHost: a\nAccept: x\r\naccept: y\r\nX-Folded: one\r\n two\r\n\r\n");
                assertThat(ClientResponse.read(new BufferedInputStream(socket.getInputStream()), false).statusLine())
                        .isEqualTo("HTTP/1.1 204 No Content");
            }
            RawRequest r = request.get(5, TimeUnit.SECONDS);
            assertThat(r.header("ACCEPT")).isEqualTo("x");
            assertThat(r.headers().get("accept")).containsExactly("x", "y");
            assertThat(r.header("x-folded")).isEqualTo("one two");
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.contentLength()).isEqualTo(-1);
            assertThatThrownBy(() -> r.headers().put("a", List.of())).isInstanceOf(UnsupportedOperationException.class);
            assertThat(new RawRequest("GET", "/", "HTTP/1.1", Map.of("Content-Length", List.of("7"))).contentLength())
                    .isEqualTo(7);
        }
    }

    @Test
    void drainForCountsBytesUntilTheWindowOrEof() throws Exception {
        BlockingQueue<Integer> drained = new LinkedBlockingQueue<>();
        try (ScriptedServer server = ScriptedServer.start(c -> {
            while (c.readRequest() != null) {
                drained.add(c.drainFor(Duration.ofMillis(200)));
                c.writeResponse(200, "ok");
            }
        })) {
            try (Socket socket = connect(server.port())) {
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                send(out, "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 7\r\n\r\n");
                long start = System.nanoTime();
                assertThat(ClientResponse.read(in, false).body()).isEqualTo("ok");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
                assertThat(drained.poll(5, TimeUnit.SECONDS)).isZero();

                send(out, "POST / HTTP/1.1\r\nContent-Length: 7\r\n\r\nabcdefg");
                assertThat(ClientResponse.read(in, false).body()).isEqualTo("ok");
                assertThat(drained.poll(5, TimeUnit.SECONDS)).isEqualTo(7);

                send(out, "GET / HTTP/1.1\r\n\r\nxyz");
                socket.shutdownOutput();
                start = System.nanoTime();
                assertThat(ClientResponse.read(in, false).body()).isEqualTo("ok");
                assertThat(drained.poll(5, TimeUnit.SECONDS)).isEqualTo(3);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(150));
            }
            assertThat(server.scriptErrors()).isEmpty();
        }
    }

    @Test
    void readRequestReturnsNullAtCleanEof() throws Exception {
        CompletableFuture<RawRequest> request = new CompletableFuture<>();
        try (ScriptedServer server = ScriptedServer.start(c -> request.complete(c.readRequest()))) {
            connect(server.port()).close();
            assertThat(request.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void closeWithResetSendsRst() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(c -> {
            c.readRequest();
            c.closeWithReset();
        })) {
            try (Socket socket = connect(server.port())) {
                send(socket.getOutputStream(), "GET / HTTP/1.1\r\n\r\n");
                assertThatThrownBy(() -> socket.getInputStream().read())
                        .isInstanceOf(SocketException.class)
                        .hasMessageContaining("reset");
            }
            assertThat(server.scriptErrors()).isEmpty();
        }
    }

    @Test
    void scriptErrorsAreRecorded() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(c -> {
            throw new IllegalStateException("boom on purpose (this stack trace is expected)");
        })) {
            try (Socket socket = connect(server.port())) {
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
            List<Throwable> errors = server.scriptErrors();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("boom");
        }
    }

    @Test
    void closeAbortsBlockedScriptsWithoutRecordingErrors() throws Exception {
        CountDownLatch reading = new CountDownLatch(2);
        ScriptedServer server = ScriptedServer.start(c -> {
            reading.countDown();
            c.readRequest();
        });
        try (Socket first = connect(server.port()); Socket second = connect(server.port())) {
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(first.getInputStream().read()).isEqualTo(-1);
            assertThat(second.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(server.connectionCount()).isEqualTo(2);
        assertThat(server.scriptErrors()).isEmpty();
    }

    @Test
    void tlsScriptedExchange() throws Exception {
        TestCertificates certs = TestCertificates.generate("127.0.0.1");
        try (ScriptedServer server = ScriptedServer.startTls(certs, c -> {
            RawRequest r;
            while ((r = c.readRequest()) != null) {
                String protocol = ((SSLSocket) c.socket()).getSession().getProtocol();
                int drained = c.drainFor(Duration.ofMillis(100)); // a read timeout must not break the TLS socket
                c.writeResponse(200, r.target() + " over " + protocol + ", drained " + drained);
            }
        })) {
            assertThat(server.url("/")).isEqualTo("https://127.0.0.1:" + server.port() + "/");
            try (SSLSocket socket = (SSLSocket) certs.clientSslContext().getSocketFactory()
                    .createSocket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5_000);
                send(socket.getOutputStream(), "GET /secure HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(ClientResponse.read(new BufferedInputStream(socket.getInputStream()), false).body())
                        .isEqualTo("/secure over TLSv1.3, drained 0");
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
            assertThat(server.scriptErrors()).isEmpty();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(OutputStream out, String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
