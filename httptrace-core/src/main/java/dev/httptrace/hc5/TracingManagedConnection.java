package dev.httptrace.hc5;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import dev.httptrace.ConnectionInfo;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.util.Identifiable;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection that knows when it was leased and returned: it measures idle time between
 * {@link #passivate()} (back to the pool) and {@link #activate()} (leased again), tells the leasing
 * {@link TraceAttempt} which connection it got, and keeps the wrapper that traced exchanges run over.
 *
 * <p>Relies on HttpClient's {@code @Internal} {@link ManagedHttpClientConnection}, which is what the pool
 * manages; installed through {@link TracingConnectionFactory}.
 */
final class TracingManagedConnection extends ForwardingClientConnection<ManagedHttpClientConnection>
        implements ManagedHttpClientConnection, Identifiable {

    /** {@link System#nanoTime()} of the last {@link #passivate()}, or 0 while leased. */
    private volatile long idleSince;

    private volatile long lastIdleNanos;

    private volatile @Nullable ConnectionInfo info;

    /** Set by {@link #passivate()}, read and cleared by {@link TracingConnectionManager#release}. */
    private volatile boolean passivated;

    /** The wrapper the request executor runs traced exchanges over: made once, over HttpClient's own connection. */
    private TracingRequestExecutor.@Nullable ExchangeConnection exchange;

    TracingManagedConnection(ManagedHttpClientConnection delegate) {
        super(delegate);
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt != null) {
            attempt.leased(this);
        }
    }

    /** This connection's exchange wrapper (called by the thread that leased it). */
    TracingRequestExecutor.ExchangeConnection exchange() {
        TracingRequestExecutor.ExchangeConnection current = exchange;
        if (current == null) {
            current = new TracingRequestExecutor.ExchangeConnection(delegate);
            exchange = current;
        }
        return current;
    }

    /** The idle time that ended with the last lease. */
    Duration lastIdleTime() {
        return Duration.ofNanos(lastIdleNanos);
    }

    /** The connection's id and addresses, fixed once it is connected: computed once, then shared by every gotConn. */
    ConnectionInfo info() {
        ConnectionInfo cached = info;
        if (cached == null) {
            SocketAddress local = delegate.getLocalAddress();
            SocketAddress remote = delegate.getRemoteAddress();
            cached = new ConnectionInfo(getId(), inet(local), inet(remote));
            if (local != null && remote != null) {
                info = cached;
            }
        }
        return cached;
    }

    private static InetSocketAddress inet(@Nullable SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    boolean clearPassivated() {
        boolean was = passivated;
        passivated = false;
        return was;
    }

    @Override
    public void activate() {
        long since = idleSince;
        lastIdleNanos = since == 0 ? 0 : Math.max(1, System.nanoTime() - since);
        idleSince = 0;
        delegate.activate();
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt != null) {
            attempt.leased(this);
        }
    }

    @Override
    public void passivate() {
        delegate.passivate();
        idleSince = System.nanoTime();
        passivated = true;
    }

    @Override
    public String getId() {
        return delegate instanceof Identifiable identifiable ? identifiable.getId() : "http-outgoing-" + Integer.toHexString(System.identityHashCode(delegate));
    }

    @Override
    public void bind(Socket socket) throws IOException {
        delegate.bind(socket);
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        delegate.bind(sslSocket, socket);
    }

    @Override
    public Socket getSocket() {
        return delegate.getSocket();
    }
}
