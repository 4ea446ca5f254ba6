package dev.httptrace.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The demo's HTTPS endpoint: the JDK's {@link HttpsServer} on {@code 127.0.0.1} and an ephemeral port, with the key
 * and certificate of the SSL bundle {@value #BUNDLE} (the demo-only PEM files under {@code demo-tls/}). It answers
 * {@code GET /hello}; any other path gets 404. Runs while the application context runs.
 */
@Component
@ConditionalOnWebApplication
final class DemoTlsServer implements SmartLifecycle {

    /** The SSL bundle with the server's key (keystore) and the CA the demo calls trust (truststore). */
    static final String BUNDLE = "demo";

    private static final byte[] HELLO = "hello from the sample's HTTPS endpoint\n".getBytes(StandardCharsets.UTF_8);

    private final SslBundles sslBundles;

    private @Nullable HttpsServer server;

    private @Nullable ExecutorService executor;

    DemoTlsServer(SslBundles sslBundles) {
        this.sslBundles = sslBundles;
    }

    @Override
    public synchronized void start() {
        // The JDK server writes a response's head and body separately: without TCP_NODELAY, Nagle and delayed ACKs
        // add ~40 ms to a loopback exchange, which the waterfall would show as server time. Read when the first
        // JDK HTTP server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(loopback(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(this.sslBundles.getBundle(BUNDLE).createSslContext()));
            https.createContext("/", DemoTlsServer::handle);
            ExecutorService threads = Executors.newFixedThreadPool(2, (task) -> {
                Thread thread = new Thread(task, "demo-https");
                thread.setDaemon(true);
                return thread;
            });
            https.setExecutor(threads);
            https.start();
            this.server = https;
            this.executor = threads;
        } catch (IOException ex) {
            throw new UncheckedIOException("The demo HTTPS server could not start", ex);
        }
    }

    @Override
    public synchronized void stop() {
        if (this.server != null) {
            this.server.stop(0);
            this.server = null;
        }
        if (this.executor != null) {
            this.executor.shutdownNow();
            this.executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.server != null;
    }

    /** The port it listens on, on {@code 127.0.0.1}. */
    synchronized int port() {
        if (this.server == null) {
            throw new IllegalStateException("The demo HTTPS server is not running");
        }
        return this.server.getAddress().getPort();
    }

    /** {@code 127.0.0.1}, whatever {@code java.net.preferIPv6Addresses} says. */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if (!"/hello".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, HELLO.length);
            exchange.getResponseBody().write(HELLO);
        } finally {
            exchange.close();
        }
    }
}
