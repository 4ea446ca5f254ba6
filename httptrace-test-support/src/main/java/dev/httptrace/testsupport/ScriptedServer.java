package dev.httptrace.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * A raw TCP server on {@code 127.0.0.1} and an ephemeral port (backlog 50), started on creation, for
 * exchanges the JDK server cannot produce: malformed or partial responses, resets, stalls. Each accepted
 * connection runs the same {@link ConnectionScript} on a daemon thread of its own and is closed when the
 * script returns.
 *
 * <p>Exceptions thrown by scripts before {@link #close()} are printed to stderr and kept in
 * {@link #scriptErrors()}; tests should assert that list is empty. Exceptions after {@code close()} (the
 * sockets being closed under a script) are ignored.
 */
public final class ScriptedServer implements AutoCloseable {

    private static final long JOIN_MILLIS = 2_000;

    private final ServerSocket serverSocket;
    private final @Nullable SSLSocketFactory tls;
    private final ConnectionScript script;
    private final Thread acceptor;
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final List<Throwable> scriptErrors = new CopyOnWriteArrayList<>();
    private final Set<ScriptedConnection> openConnections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> scriptThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ScriptedServer(@Nullable SSLSocketFactory tls, ConnectionScript script) {
        this.tls = tls;
        this.script = Objects.requireNonNull(script, "script");
        try {
            this.serverSocket = new ServerSocket(0, 50, LoopbackPorts.loopback());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.acceptor = new Thread(this::acceptLoop, "scripted-server-" + port() + "-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * @param script what to do with each accepted connection
     * @return a started plain-TCP server
     */
    public static ScriptedServer start(ConnectionScript script) {
        return new ScriptedServer(null, script);
    }

    /**
     * Starts a server that wraps each accepted socket in a server-mode {@link SSLSocket} of
     * {@link TestCertificates#serverSslContext()}; the handshake happens on the script's first read or write.
     * The TCP connection counts in {@link #connectionCount()} before the handshake; a failed handshake is a
     * script error.
     *
     * @param certs the server certificate and key to present
     * @param script what to do with each accepted connection
     * @return a started TLS server
     */
    public static ScriptedServer startTls(TestCertificates certs, ConnectionScript script) {
        return new ScriptedServer(certs.serverSslContext().getSocketFactory(), script);
    }

    /** @return the port the server listens on */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * @param path a path (with optional query) starting with {@code /}, or empty
     * @return {@code http://127.0.0.1:PORT} ({@code https} for a TLS server) followed by {@code path}
     */
    public String url(String path) {
        return LoopbackPorts.origin(tls == null ? "http" : "https", "127.0.0.1", port())
                + LoopbackPorts.checkPath(path);
    }

    /** @return the number of TCP connections accepted so far */
    public int connectionCount() {
        return connectionCount.get();
    }

    /** @return a snapshot of the exceptions thrown by scripts so far, in the order they were thrown */
    public List<Throwable> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    /**
     * Stops accepting, closes every open connection's TCP socket (no {@code close_notify} on TLS), interrupts
     * the script threads and waits up to two seconds for them to end.
     */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        for (ScriptedConnection connection : openConnections) {
            connection.abort();
        }
        acceptor.interrupt();
        scriptThreads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        try {
            acceptor.join(JOIN_MILLIS);
            for (Thread thread : scriptThreads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                thread.join(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ScriptedServer[" + url("") + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket tcp;
            try {
                tcp = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    record("accept failed", e);
                }
                return;
            }
            int number = connectionCount.incrementAndGet();
            Thread thread = new Thread(() -> serve(tcp), "scripted-server-" + port() + "-conn-" + number);
            thread.setDaemon(true);
            scriptThreads.add(thread);
            thread.start();
        }
    }

    private void serve(Socket tcp) {
        ScriptedConnection connection = null;
        try {
            tcp.setTcpNoDelay(true);
            Socket socket = tcp;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(tcp, tcp.getInetAddress().getHostAddress(),
                        tcp.getPort(), true);
                ssl.setUseClientMode(false);
                socket = ssl;
            }
            connection = new ScriptedConnection(socket, tcp);
            openConnections.add(connection);
            if (closed) {
                return;
            }
            script.run(connection);
        } catch (Throwable t) {
            if (!closed) {
                record("script failed on " + (connection != null ? connection : tcp), t);
            }
        } finally {
            if (connection != null) {
                openConnections.remove(connection);
                try {
                    connection.close();
                } catch (IOException | RuntimeException ignored) {
                    connection.abort();
                }
            } else {
                closeQuietly(tcp);
            }
            scriptThreads.remove(Thread.currentThread());
        }
    }

    private void record(String what, Throwable t) {
        scriptErrors.add(t);
        // one line: the whole error is in scriptErrors(), which the tests that do not expect one assert empty
        System.err.println("ScriptedServer " + url("") + ": " + what + ": " + t);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
