package dev.httptrace.hc5;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.httptrace.ConnectionInfo;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection that knows when it was leased and returned: it measures idle time between
 * {@link #passivate()} (back to the pool) and {@link #activate()} (leased again), and tells the leasing
 * {@link TraceAttempt} which connection it got.
 *
 * <p>Relies on HttpClient's {@code @Internal} {@link ManagedHttpClientConnection}, which is what the pool
 * manages; installed through {@link TracingConnectionFactory}.
 */
final class TracingManagedConnection implements ManagedHttpClientConnection, Identifiable {

    private final ManagedHttpClientConnection delegate;

    /** {@link System#nanoTime()} of the last {@link #passivate()}, or 0 while leased. */
    private volatile long idleSince;

    private volatile long lastIdleNanos;

    /** Set by {@link #passivate()}, read and cleared by {@link TracingConnectionManager#release}. */
    private volatile boolean passivated;

    TracingManagedConnection(ManagedHttpClientConnection delegate) {
        this.delegate = delegate;
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt != null) {
            attempt.leased(this);
        }
    }

    /** The idle time that ended with the last lease. */
    Duration lastIdleTime() {
        return Duration.ofNanos(lastIdleNanos);
    }

    ConnectionInfo info() {
        return new ConnectionInfo(getId(), inet(delegate.getLocalAddress()), inet(delegate.getRemoteAddress()));
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

    @Override
    public SSLSession getSSLSession() {
        return delegate.getSSLSession();
    }

    @Override
    public boolean isConsistent() {
        return delegate.isConsistent();
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        delegate.sendRequestHeader(request);
    }

    @Override
    public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
        delegate.terminateRequest(request);
    }

    @Override
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
        delegate.sendRequestEntity(request);
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
        return delegate.receiveResponseHeader();
    }

    @Override
    public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        delegate.receiveResponseEntity(response);
    }

    @Override
    public boolean isDataAvailable(Timeout timeout) throws IOException {
        return delegate.isDataAvailable(timeout);
    }

    @Override
    public boolean isStale() throws IOException {
        return delegate.isStale();
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        delegate.close(closeMode);
    }

    @Override
    public EndpointDetails getEndpointDetails() {
        return delegate.getEndpointDetails();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return delegate.getRemoteAddress();
    }

    @Override
    public ProtocolVersion getProtocolVersion() {
        return delegate.getProtocolVersion();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public Timeout getSocketTimeout() {
        return delegate.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        delegate.setSocketTimeout(timeout);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
