package dev.httptrace.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's {@link HttpServer} (or {@link HttpsServer}) on {@code 127.0.0.1} and an ephemeral port, started
 * on creation. Requests run on a fixed pool of 16 daemon threads; connections are kept alive the way the
 * JDK server does it. The server speaks HTTP/1.1 only.
 *
 * <p>Handlers are matched by path prefix, as {@link HttpServer#createContext(String, HttpHandler)} does. Until
 * a handler is registered for {@code "/"}, a built-in one answers {@code GET /} (any method, any query) with
 * 200 and the body {@code hello}, and every path that no handler matches with 404.
 *
 * <p>Every request is counted and its request line recorded before its handler runs. A handler that throws
 * has the exception printed to stderr; the JDK server then closes the connection without a response.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    private final AtomicInteger requestCount = new AtomicInteger();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoopbackHttpServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        int port = server.getAddress().getPort();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "loopback-http-" + port + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", recording(LoopbackHttpServer::defaultRoot));
        server.start();
    }

    /** @return a started plain-HTTP server */
    public static LoopbackHttpServer start() {
        try {
            return new LoopbackHttpServer(HttpServer.create(address(), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param certs the server certificate and key to present
     * @return a started HTTPS server that offers no ALPN protocol (it ignores the client's ALPN offer)
     */
    public static LoopbackHttpServer startTls(TestCertificates certs) {
        return startTls(certs, new String[0]);
    }

    /**
     * Starts an HTTPS server with server-side ALPN: the JDK's TLS engine selects the first of
     * {@code alpnProtocols} that the client also offers (the JDK server honours
     * {@link SSLParameters#setApplicationProtocols(String[])} set in {@link HttpsConfigurator#configure}). When
     * the client offers ALPN but none of these, the handshake fails: the JDK server closes the connection and
     * the client sees an {@link javax.net.ssl.SSLHandshakeException} ("Remote host terminated the handshake"),
     * not a {@code no_application_protocol} alert. A client that offers no ALPN is served without it. Whatever
     * is negotiated, the server speaks HTTP/1.1 only.
     *
     * @param certs the server certificate and key to present
     * @param alpnProtocols the ALPN protocol names in server preference order, e.g. {@code "http/1.1"}; none
     *     disables ALPN
     * @return a started HTTPS server
     */
    public static LoopbackHttpServer startTls(TestCertificates certs, String... alpnProtocols) {
        Objects.requireNonNull(certs, "certs");
        String[] alpn = alpnProtocols.clone();
        for (String protocol : alpn) {
            Objects.requireNonNull(protocol, "alpnProtocols element");
        }
        try {
            HttpsServer server = HttpsServer.create(address(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(certs.serverSslContext()) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                    if (alpn.length > 0) {
                        parameters.setApplicationProtocols(alpn);
                    }
                    params.setSSLParameters(parameters);
                }
            });
            return new LoopbackHttpServer(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Registers {@code handler} for {@code path} (prefix match), replacing a handler registered before for the
     * same path, the built-in {@code "/"} one included.
     *
     * @param path a path starting with {@code /}
     * @param handler the handler; it runs on a pool thread
     * @return this server
     */
    public synchronized LoopbackHttpServer handle(String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        try {
            server.removeContext(path);
        } catch (IllegalArgumentException notRegistered) {
            // the first handler for this path
        }
        server.createContext(path, recording(handler));
        return this;
    }

    /**
     * Registers a handler that reads and discards the request body, then answers {@code status} with
     * {@code body} as {@code text/plain; charset=utf-8} and a {@code Content-Length}. A HEAD request gets the
     * same header fields and no body.
     *
     * @param path a path starting with {@code /}
     * @param status the status code
     * @param body the body; must be empty for 1xx, 204 and 304
     * @return this server
     */
    public LoopbackHttpServer respond(String path, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if ((status < 200 || status == 204 || status == 304) && bytes.length > 0) {
            throw new IllegalArgumentException("status " + status + " cannot have a body");
        }
        return handle(path, exchange -> send(exchange, status, bytes));
    }

    /**
     * Like {@link #respond(String, int, String) respond(path, 200, body)}, but waits {@code delay} after reading
     * the request body and before sending the response head. Closing the server interrupts the wait; the
     * connection is then dropped without a response.
     *
     * @param path a path starting with {@code /}
     * @param delay how long to wait before answering
     * @param body the body of the 200 response
     * @return this server
     */
    public LoopbackHttpServer respondSlowly(String path, Duration delay, String body) {
        Objects.requireNonNull(delay, "delay");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return handle(path, exchange -> {
            discardBody(exchange);
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
            send(exchange, 200, bytes);
        });
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param path a path (with optional query) starting with {@code /}, or empty
     * @return {@code http://127.0.0.1:PORT} ({@code https} for a TLS server) followed by {@code path}
     */
    public String url(String path) {
        return url("127.0.0.1", path);
    }

    /**
     * @param host the host to put in the URL, e.g. {@code localhost}; an IPv6 literal gets brackets
     * @param path a path (with optional query) starting with {@code /}, or empty
     * @return {@code http://HOST:PORT} ({@code https} for a TLS server) followed by {@code path}
     */
    public String url(String host, String path) {
        return LoopbackPorts.origin(scheme, host, port()) + LoopbackPorts.checkPath(path);
    }

    /** @return the number of requests received so far, over all connections */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * @return a snapshot of the request lines received so far in arrival order, each as
     *     {@code METHOD SP raw-request-target SP protocol}, e.g. {@code GET /path?q=1 HTTP/1.1}
     */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /**
     * Stops the server at once, closing all connections, and shuts the thread pool down, interrupting running
     * handlers. Calls after the first do nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "LoopbackHttpServer[" + url("") + "]";
    }

    private HttpHandler recording(HttpHandler handler) {
        return exchange -> {
            requestCount.incrementAndGet();
            requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getProtocol());
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                // the client went away mid-response (a test that closes early, a handshake it broke off): one line
                System.err.println("LoopbackHttpServer could not answer " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + ": " + e);
                throw e;
            } catch (RuntimeException | Error e) {
                System.err.println("LoopbackHttpServer handler failed for " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + ":");
                e.printStackTrace();
                throw e;
            }
        };
    }

    private static void defaultRoot(HttpExchange exchange) throws IOException {
        if ("/".equals(exchange.getRequestURI().getPath())) {
            send(exchange, 200, "hello".getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        discardBody(exchange);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean bodyless = status < 200 || status == 204 || status == 304;
        if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
            if (!bodyless) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
        } else if (bodyless || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static void discardBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        in.transferTo(OutputStream.nullOutputStream());
    }

    private static InetSocketAddress address() {
        return new InetSocketAddress(LoopbackPorts.loopback(), 0);
    }
}
