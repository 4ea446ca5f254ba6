package dev.httptrace.hc5;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection, and the one wrapper a traced request passes through on it. It knows which attempt
 * holds its lease (its <em>owner</em>, set on {@link #activate()} or creation by the leasing thread) and:
 * <ul>
 * <li>measures idle time between {@link #passivate()} (back to the pool) and {@link #activate()};</li>
 * <li>during the owner's exchange, fires the exchange hooks from the calls HttpCore's request executor
 * makes: {@code wroteHeaders}, {@code wait100Continue}, {@code wroteRequest}, {@code got100Continue},
 * {@code got1xxResponse}, {@code gotFinalResponse}, and hands the response body to a
 * {@link TracedResponseBody};</li>
 * <li>while the owner's lease is released, tells it whether the pool passivated or closed the connection on
 * the releasing thread, which is how {@code putIdleConn} is decided per lease.</li>
 * </ul>
 * Everything else is forwarded to HttpClient's own connection. Relies on HttpClient's {@code @Internal}
 * {@link ManagedHttpClientConnection}, which is what the pool manages; installed through
 * {@link TracingConnectionFactory}.
 */
final class TracingManagedConnection implements ManagedHttpClientConnection, Identifiable {

    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(TracingManagedConnection.class, "owner", TraceAttempt.class);
        } catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final ManagedHttpClientConnection delegate;

    /** {@link System#nanoTime()} of the last {@link #passivate()}, or 0 while leased. */
    private volatile long idleSince;

    private volatile long lastIdleNanos;

    private volatile @Nullable ConnectionInfo info;

    /** The traced attempt holding the lease; null while idle or leased untraced. */
    private volatile @Nullable TraceAttempt owner;

    TracingManagedConnection(ManagedHttpClientConnection delegate) {
        this.delegate = delegate;
        leasedBy(TraceAttempt.current());
    }

    private void leasedBy(@Nullable TraceAttempt attempt) {
        if (attempt != null && attempt.isLeasing()) {
            attempt.leased(this);
            owner = attempt;
        } else {
            owner = null;
        }
    }

    /** The owner's lease was released: lets go of it, unless another lease already took the connection. */
    void released(TraceAttempt attempt) {
        OWNER.compareAndSet(this, attempt, null);
    }

    /** The owner while its exchange runs (the executor's calls come on the owner's thread), else null. */
    private @Nullable TraceAttempt exchange() {
        TraceAttempt attempt = owner;
        return attempt != null && attempt.inExchange() ? attempt : null;
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

    // --- lease -------------------------------------------------------------------------------------

    @Override
    public void activate() {
        long since = idleSince;
        lastIdleNanos = since == 0 ? 0 : Math.max(1, System.nanoTime() - since);
        idleSince = 0;
        delegate.activate();
        leasedBy(TraceAttempt.current());
    }

    @Override
    public void passivate() {
        delegate.passivate();
        idleSince = System.nanoTime();
        TraceAttempt attempt = owner;
        if (attempt != null) {
            attempt.connectionPassivated();
        }
    }

    @Override
    public void close() throws IOException {
        closing();
        delegate.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        closing();
        delegate.close(closeMode);
    }

    private void closing() {
        TraceAttempt attempt = owner;
        if (attempt != null) {
            attempt.connectionClosing();
        }
    }

    // --- exchange ----------------------------------------------------------------------------------

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        TraceAttempt attempt = exchange();
        if (attempt == null) {
            delegate.sendRequestHeader(request);
            return;
        }
        try {
            delegate.sendRequestHeader(request);
        } catch (IOException | HttpException | RuntimeException ex) {
            attempt.requestWritten(ex);
            throw ex;
        }
        attempt.fireWroteHeaders();
    }

    @Override
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
        TraceAttempt attempt = exchange();
        if (attempt == null) {
            delegate.sendRequestEntity(request);
            return;
        }
        try {
            delegate.sendRequestEntity(request);
        } catch (IOException | HttpException | RuntimeException ex) {
            attempt.requestWritten(ex);
            throw ex;
        }
        attempt.requestBodySent();
    }

    @Override
    public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
        TraceAttempt attempt = exchange();
        if (attempt == null) {
            delegate.terminateRequest(request);
            return;
        }
        try {
            delegate.terminateRequest(request);
        } catch (IOException | HttpException | RuntimeException ex) {
            attempt.requestWritten(ex);
            throw ex;
        }
        attempt.requestBodySent();
    }

    @Override
    public void flush() throws IOException {
        TraceAttempt attempt = exchange();
        if (attempt == null) {
            delegate.flush();
            return;
        }
        try {
            delegate.flush();
        } catch (IOException | RuntimeException ex) {
            attempt.requestWritten(ex);
            throw ex;
        }
        attempt.flushed();
    }

    @Override
    public boolean isDataAvailable(Timeout timeout) throws IOException {
        boolean available = delegate.isDataAvailable(timeout);
        TraceAttempt attempt = exchange();
        if (available && attempt != null && attempt.isWaitingForContinue()) {
            // isDataAvailable buffered the first bytes: the parser will not see them arrive
            attempt.firstResponseByte();
        }
        return available;
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
        ClassicHttpResponse response = delegate.receiveResponseHeader();
        TraceAttempt attempt = exchange();
        if (attempt != null) {
            attempt.responseHead(response);
        }
        return response;
    }

    @Override
    public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        delegate.receiveResponseEntity(response);
        TraceAttempt attempt = exchange();
        HttpEntity entity = response.getEntity();
        if (attempt != null && entity != null && entity.isStreaming()) {
            response.setEntity(new TracedResponseBody(entity, attempt));
            attempt.streamResponseBody();
        }
    }

    // --- forwarded ---------------------------------------------------------------------------------

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
    public boolean isConsistent() {
        return delegate.isConsistent();
    }

    @Override
    public boolean isStale() throws IOException {
        return delegate.isStale();
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
    public SSLSession getSSLSession() {
        return delegate.getSSLSession();
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
