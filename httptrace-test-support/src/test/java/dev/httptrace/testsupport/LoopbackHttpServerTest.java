package dev.httptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {

    private static TestCertificates certs;
    private static HttpClient plainClient;
    private static HttpClient tlsClient;

    @BeforeAll
    static void setUp() {
        certs = TestCertificates.generate("127.0.0.1", "localhost");
        plainClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        tlsClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).sslContext(certs.clientSslContext()).build();
    }

    @AfterAll
    static void tearDown() {
        plainClient = null;
        tlsClient = null;
    }

    @Test
    void plainGetOfTheDefaultRoot() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            assertThat(server.url("/")).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            HttpResponse<String> response = get(plainClient, server.url("/?q=1"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(response.headers().firstValue("Content-Length")).hasValue("5");

            assertThat(get(plainClient, server.url("/missing")).statusCode()).isEqualTo(404);
            assertThat(server.requestCount()).isEqualTo(2);
            assertThat(server.requestLines()).containsExactly("GET /?q=1 HTTP/1.1", "GET /missing HTTP/1.1");
        }
    }

    @Test
    void localhostUrlReachesTheServer() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            String url = server.url("localhost", "/");
            assertThat(url).isEqualTo("http://localhost:" + server.port() + "/");
            assertThat(get(plainClient, url).body()).isEqualTo("hello");
        }
    }

    @Test
    void respondDiscardsTheRequestBodyAndAnswersWithContentLength() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/created", 201, "créé")) {
            HttpResponse<String> response = plainClient.send(HttpRequest.newBuilder(URI.create(server.url("/created?a=b")))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("créé");
            assertThat(response.headers().firstValue("Content-Length")).hasValue("6");
            assertThat(server.requestLines()).containsExactly("POST /created?a=b HTTP/1.1");
        }
    }

    @Test
    void headAndBodylessStatusesHaveNoBody() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start().respond("/empty", 204, "")) {
            try (Socket socket = connect(server.port())) {
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                out.write("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                ClientResponse head = ClientResponse.read(in, true);
                assertThat(head.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(head.headers()).containsEntry("Content-Length", "5");

                out.write("GET /empty HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                ClientResponse empty = ClientResponse.read(in, false);
                assertThat(empty.statusLine()).startsWith("HTTP/1.1 204");
                assertThat(empty.body()).isEmpty();

                // the connection was kept alive for all three exchanges
                out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(ClientResponse.read(in, false).body()).isEqualTo("hello");
            }
            assertThat(server.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void handlersReplaceEachOtherAndTheDefaultRoot() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            server.respond("/", 200, "root").respond("/a", 200, "first").respond("/a", 200, "second")
                    .handle("/custom", LoopbackHttpServerTest::echoMethod);
            assertThat(get(plainClient, server.url("/")).body()).isEqualTo("root");
            assertThat(get(plainClient, server.url("/a")).body()).isEqualTo("second");
            assertThat(get(plainClient, server.url("/custom/x")).body()).isEqualTo("GET");
        }
    }

    @Test
    void respondSlowlyWaitsAndCloseInterruptsTheWait() throws Exception {
        LoopbackHttpServer server = LoopbackHttpServer.start();
        try {
            server.respondSlowly("/slow", Duration.ofMillis(200), "late").respondSlowly("/stuck", Duration.ofMinutes(1), "never");
            long start = System.nanoTime();
            assertThat(get(plainClient, server.url("/slow")).body()).isEqualTo("late");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

            HttpRequest stuck = HttpRequest.newBuilder(URI.create(server.url("/stuck"))).timeout(Duration.ofMillis(300)).build();
            assertThatThrownBy(() -> plainClient.send(stuck, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
            long closing = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(3));
        } finally {
            server.close(); // a second close is harmless
        }
    }

    @Test
    void closeStopsListening() {
        LoopbackHttpServer server = LoopbackHttpServer.start();
        int port = server.port();
        server.close();
        assertThatThrownBy(() -> connect(port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void tlsGetNegotiatesTls13WithJavaNetHttpClient() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(certs)) {
            assertThat(server.url("/")).isEqualTo("https://127.0.0.1:" + server.port() + "/");
            HttpResponse<String> response = get(tlsClient, server.url("/"));
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.sslSession()).hasValueSatisfying(session ->
                    assertThat(session.getProtocol()).isEqualTo("TLSv1.3"));
            assertThat(get(tlsClient, server.url("localhost", "/")).body()).isEqualTo("hello");
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void tlsGetWithHttpsUrlConnection() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(certs).respond("/x", 200, "via HttpsURLConnection")) {
            HttpsURLConnection connection = (HttpsURLConnection) new URL(server.url("/x")).openConnection();
            connection.setSSLSocketFactory(certs.clientSslContext().getSocketFactory());
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(5_000);
            try (InputStream in = connection.getInputStream()) {
                assertThat(connection.getResponseCode()).isEqualTo(HttpURLConnection.HTTP_OK);
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("via HttpsURLConnection");
            } finally {
                connection.disconnect();
            }
        }
    }

    @Test
    void tlsClientWithoutTheCaIsRejected() {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(certs)) {
            HttpClient untrusting = HttpClient.newBuilder()
                    .sslContext(TestCertificates.generate("127.0.0.1").clientSslContext()).build();
            assertThatThrownBy(() -> get(untrusting, server.url("/"))).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void serverSelectsHttp11ByAlpnWhenTheClientOffersIt() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(certs, "http/1.1")) {
            assertThat(alpnHandshake(server, "h2", "http/1.1")).isEqualTo("http/1.1");

            HttpClient h2Client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(certs.clientSslContext()).build();
            HttpResponse<String> response = get(h2Client, server.url("/"));
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(response.body()).isEqualTo("hello");
        }
    }

    @Test
    void withoutAlpnTheServerIgnoresTheOffer() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(certs)) {
            assertThat(alpnHandshake(server, "h2", "http/1.1")).isEmpty();
        }
    }

    @Test
    void alpnMismatchFailsTheHandshake() {
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(certs, "h2")) {
            // the JDK server drops the connection; its no_application_protocol alert does not reach the client
            assertThatThrownBy(() -> alpnHandshake(server, "http/1.1")).isInstanceOf(SSLHandshakeException.class);
        }
    }

    /** Handshakes with a raw SSLSocket offering the protocols, then does one GET; returns the ALPN result. */
    private static String alpnHandshake(LoopbackHttpServer server, String... offered) throws IOException {
        try (SSLSocket socket = (SSLSocket) certs.clientSslContext().getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(offered);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            String selected = socket.getApplicationProtocol();
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            assertThat(ClientResponse.read(new BufferedInputStream(socket.getInputStream()), false).body()).isEqualTo("hello");
            return selected;
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void echoMethod(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestMethod().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
