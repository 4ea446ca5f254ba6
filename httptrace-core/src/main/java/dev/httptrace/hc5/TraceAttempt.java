package dev.httptrace.hc5;

import java.time.Duration;
import java.util.Arrays;

import dev.httptrace.ClientTrace;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.WroteRequestInfo;
import dev.httptrace.internal.GuardedTrace;
import dev.httptrace.internal.HeaderMaps;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpStatus;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one traced request (a retry or redirect hop is a new attempt): the request's trace, the
 * guard that keeps a throwing hook from breaking the request, and all the state the transport needs to
 * fire each hook once at the right point: the lease, the exchange and, on the thread that releases the
 * connection, the outcome of that release.
 *
 * <p>While the attempt runs, it is bound to the executing thread ({@link #current()}): the DNS resolver,
 * the socket factory, the pool's lease and the response parser have no {@code HttpContext} and find it
 * there. This thread binding is internal; it is set and restored by {@link AcquireConnectionHandler}
 * around the attempt, so no attempt outlives its request (the thread keeps an empty entry). The state is
 * used by the executing thread, except the release outcome, which belongs to the releasing thread.
 */
final class TraceAttempt extends GuardedTrace {

    private static final ThreadLocal<@Nullable TraceAttempt> CURRENT = new ThreadLocal<>();

    /** Set while this attempt leases a connection, so that the pool's connection reports to it. */
    private boolean leasing;

    private @Nullable TracingManagedConnection leased;

    /** Between getConn and gotConn (or getConnFailed). */
    private boolean acquiring;

    private boolean gotConnPending;

    /** Per-exchange state, reset by {@link #beginExchange}. */
    private boolean inExchange;

    private boolean expectContinue;

    /** Whether the next flush ends the request: the body (or its skipping) has been handed over. */
    private boolean requestComplete;

    private boolean firstByteSeen;

    private boolean waitingForContinue;

    private boolean requestWritten;

    private boolean finalResponseSeen;

    /** The final response's body is being read through a {@link TracedResponseBody}, which ends it. */
    private boolean bodyStreamed;

    /** The thread inside {@link TracingConnectionManager#release} for this attempt's lease; null before. */
    private volatile @Nullable Thread releasingThread;

    /**
     * Set on the releasing thread while it releases: true when the pool passivated the connection (it keeps
     * it), false again when it closed it (it discards it; a closed connection is never passivated).
     */
    private boolean keptOnRelease;

    TraceAttempt(ClientTrace trace, HookErrorHandler errors) {
        super(trace, errors);
    }

    static @Nullable TraceAttempt current() {
        return CURRENT.get();
    }

    /** Binds this attempt to the thread; returns what was bound before, to pass to {@link #unbind}. */
    @Nullable TraceAttempt bind() {
        TraceAttempt outer = CURRENT.get();
        CURRENT.set(this);
        return outer;
    }

    static void unbind(@Nullable TraceAttempt outer) {
        // set, not remove: the thread keeps its map entry, so the next traced request allocates none
        CURRENT.set(outer);
    }

    // --- connection lease --------------------------------------------------------------------------

    /** Fires {@code getConn} and starts the lease, during which the pool's connection reports to this attempt. */
    void startLease(String hostPort) {
        acquiring = true;
        fireGetConn(hostPort);
        leasing = true;
        leased = null;
    }

    /** Called by the pool's connection when it is leased (activated) or created during {@link #startLease}. */
    void leased(TracingManagedConnection connection) {
        if (leasing) {
            leased = connection;
        }
    }

    /** The connection leased so far in this lease, if any; the lease goes on. */
    @Nullable TracingManagedConnection leasedConnection() {
        return leased;
    }

    /** Ends the lease (called by {@link AcquireConnectionHandler} only); returns the connection it got, if any. */
    @Nullable TracingManagedConnection endLease() {
        leasing = false;
        return leased;
    }

    boolean isLeasing() {
        return leasing;
    }

    /** The leased connection is new: its {@code gotConn} waits until it is connected. */
    void awaitConnect() {
        this.gotConnPending = true;
    }

    /** Fires {@code gotConn} for a pooled connection, right after the lease. */
    void gotPooledConnection(TracingManagedConnection connection) {
        acquiring = false;
        fireGotConn(new GotConnInfo(connection.info(), true, true, connection.lastIdleTime()));
    }

    /** Fires the pending {@code gotConn} of a new connection, once it is connected. */
    void connected() {
        TracingManagedConnection connection = leased;
        if (gotConnPending && connection != null) {
            gotConnPending = false;
            acquiring = false;
            fireGotConn(new GotConnInfo(connection.info(), false, false, Duration.ZERO));
        }
    }

    /** The attempt failed with {@code err}: fires {@code getConnFailed} when it never got its connection. */
    void failed(Throwable err) {
        if (acquiring) {
            acquiring = false;
            gotConnPending = false;
            fireGetConnFailed(err);
        }
    }

    // --- exchange ----------------------------------------------------------------------------------

    void beginExchange(boolean expectContinue, boolean withoutBody) {
        inExchange = true;
        this.expectContinue = expectContinue;
        requestComplete = withoutBody;
        firstByteSeen = false;
        waitingForContinue = false;
        requestWritten = false;
        finalResponseSeen = false;
        bodyStreamed = false;
    }

    /** The exchange returned the final response's head: a response without a streamed body ends here. */
    void endExchange() {
        inExchange = false;
        if (finalResponseSeen && !bodyStreamed) {
            fireResponseBodyDone(ResponseBodyInfo.OK);
        }
    }

    /** The exchange failed: fires {@code exchangeFailed} unless the final response's head was already read. */
    void exchangeFailed(Throwable err) {
        inExchange = false;
        if (!finalResponseSeen) {
            fireExchangeFailed(err);
        }
    }

    boolean inExchange() {
        return inExchange;
    }

    /** Fires {@code gotFirstResponseByte} unless it already fired in this exchange. */
    void firstResponseByte() {
        if (inExchange && !firstByteSeen) {
            firstByteSeen = true;
            fireGotFirstResponseByte();
        }
    }

    boolean needsFirstByte() {
        return inExchange && !firstByteSeen;
    }

    /** The body was written, or its sending ended: the next flush completes the request. */
    void requestBodySent() {
        requestComplete = true;
    }

    /** A flush succeeded: it completes the request, or starts the wait for {@code 100 Continue}. */
    void flushed() {
        if (requestComplete) {
            requestWritten(null);
        } else if (expectContinue && !waitingForContinue) {
            waitingForContinue = true;
            fireWait100Continue();
        }
    }

    boolean isWaitingForContinue() {
        return waitingForContinue && !requestWritten;
    }

    /** Fires {@code wroteRequest} once per exchange. */
    void requestWritten(@Nullable Throwable err) {
        if (!requestWritten) {
            requestWritten = true;
            waitingForContinue = false;
            fireWroteRequest(err == null ? WroteRequestInfo.OK : new WroteRequestInfo(err));
        }
    }

    /** A response head was read: fires the interim-response hooks, or {@code gotFinalResponse}. */
    void responseHead(ClassicHttpResponse response) {
        int code = response.getCode();
        if (code >= 200 || code == HttpStatus.SC_SWITCHING_PROTOCOLS) {
            finalResponseSeen = true;
            fireGotFinalResponse(code);
            return;
        }
        if (code == HttpStatus.SC_CONTINUE && isWaitingForContinue()) {
            fireGot100Continue();
        }
        fireGot1xxResponse(code, HeaderMaps.of(Arrays.asList(response.getHeaders()), Header::getName, Header::getValue));
    }

    /** The final response's body is read through a traced body, which fires {@code responseBodyDone}. */
    void streamResponseBody() {
        bodyStreamed = true;
    }

    // --- release (on the releasing thread) ---------------------------------------------------------

    /** The current thread starts releasing this attempt's connection to the pool. */
    void startRelease() {
        keptOnRelease = false;
        releasingThread = Thread.currentThread();
    }

    /** The connection was passivated: on the releasing thread, that is the pool keeping it. */
    void connectionPassivated() {
        if (releasingThread == Thread.currentThread()) {
            keptOnRelease = true;
        }
    }

    /** The connection is being closed: on the releasing thread, that is the pool discarding it. */
    void connectionClosing() {
        if (releasingThread == Thread.currentThread()) {
            keptOnRelease = false;
        }
    }

    /** Ends the release; whether the pool kept the connection (passivated it and did not close it). */
    boolean endRelease() {
        releasingThread = null;
        return keptOnRelease;
    }
}
