package dev.httptrace.hc5;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one traced request (a retry or redirect hop is a new attempt): the request's trace, the
 * guard that keeps a throwing hook from breaking the request, and the little state the transport needs to
 * fire each hook once at the right point.
 *
 * <p>While the attempt runs, it is bound to the executing thread ({@link #current()}): the DNS resolver,
 * the socket factory, the pool's lease and the response parser have no {@code HttpContext} and find it
 * there. This thread binding is internal; it is set and restored by {@link AcquireConnectionHandler}
 * around the attempt, so no attempt outlives its request (the thread keeps an empty entry).
 */
final class TraceAttempt {

    private static final ThreadLocal<@Nullable TraceAttempt> CURRENT = new ThreadLocal<>();

    private final ClientTrace trace;

    private final HookErrorHandler errors;

    /** Set while this attempt leases a connection, so that the pool's connection reports to it. */
    private boolean leasing;

    private @Nullable TracingManagedConnection leased;

    private boolean gotConnPending;

    /** Per-exchange state, reset by {@link #beginExchange}. */
    private boolean inExchange;

    private boolean firstByteSeen;

    private boolean waitingForContinue;

    private boolean requestWritten;

    TraceAttempt(ClientTrace trace, HookErrorHandler errors) {
        this.trace = trace;
        this.errors = errors;
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

    void startLease() {
        leasing = true;
        leased = null;
    }

    /** Called by the pool's connection when it is leased (activated) or created during {@link #startLease}. */
    void leased(TracingManagedConnection connection) {
        if (leasing) {
            leased = connection;
        }
    }

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

    /** Fires the pending {@code gotConn} of a new connection, once it is connected. */
    void connected() {
        TracingManagedConnection connection = leased;
        if (gotConnPending && connection != null) {
            gotConnPending = false;
            gotConn(new GotConnInfo(connection.info(), false, false, Duration.ZERO));
        }
    }

    // --- exchange ----------------------------------------------------------------------------------

    void beginExchange() {
        inExchange = true;
        firstByteSeen = false;
        waitingForContinue = false;
        requestWritten = false;
    }

    void endExchange() {
        inExchange = false;
    }

    /** Fires {@code gotFirstResponseByte} unless it already fired in this exchange. */
    void firstResponseByte() {
        if (inExchange && !firstByteSeen) {
            firstByteSeen = true;
            gotFirstResponseByte();
        }
    }

    boolean needsFirstByte() {
        return inExchange && !firstByteSeen;
    }

    /** Fires {@code wait100Continue} once per exchange. */
    void startWaitingForContinue() {
        if (!waitingForContinue) {
            waitingForContinue = true;
            wait100Continue();
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
            wroteRequest(err == null ? WroteRequestInfo.OK : new WroteRequestInfo(err));
        }
    }

    // --- guarded hooks -----------------------------------------------------------------------------

    private void failed(String hook, Throwable error) {
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        try {
            errors.hookFailed(hook, error);
        } catch (RuntimeException ignored) {
            // the error handler is a hook too: it must not break the request either
        }
    }

    void getConn(String hostPort) {
        try {
            trace.getConn(hostPort);
        } catch (Throwable ex) {
            failed("getConn", ex);
        }
    }

    void gotConn(GotConnInfo info) {
        try {
            trace.gotConn(info);
        } catch (Throwable ex) {
            failed("gotConn", ex);
        }
    }

    void putIdleConn(@Nullable Throwable err) {
        try {
            trace.putIdleConn(err);
        } catch (Throwable ex) {
            failed("putIdleConn", ex);
        }
    }

    private void gotFirstResponseByte() {
        try {
            trace.gotFirstResponseByte();
        } catch (Throwable ex) {
            failed("gotFirstResponseByte", ex);
        }
    }

    void got100Continue() {
        try {
            trace.got100Continue();
        } catch (Throwable ex) {
            failed("got100Continue", ex);
        }
    }

    void got1xxResponse(int code, Map<String, List<String>> headers) {
        try {
            trace.got1xxResponse(code, headers);
        } catch (Throwable ex) {
            failed("got1xxResponse", ex);
        }
    }

    void dnsStart(DnsStartInfo info) {
        try {
            trace.dnsStart(info);
        } catch (Throwable ex) {
            failed("dnsStart", ex);
        }
    }

    void dnsDone(DnsDoneInfo info) {
        try {
            trace.dnsDone(info);
        } catch (Throwable ex) {
            failed("dnsDone", ex);
        }
    }

    void connectStart(String network, String addr) {
        try {
            trace.connectStart(network, addr);
        } catch (Throwable ex) {
            failed("connectStart", ex);
        }
    }

    void connectDone(String network, String addr, @Nullable Throwable err) {
        try {
            trace.connectDone(network, addr, err);
        } catch (Throwable ex) {
            failed("connectDone", ex);
        }
    }

    void tlsHandshakeStart() {
        try {
            trace.tlsHandshakeStart();
        } catch (Throwable ex) {
            failed("tlsHandshakeStart", ex);
        }
    }

    void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        try {
            trace.tlsHandshakeDone(state, err);
        } catch (Throwable ex) {
            failed("tlsHandshakeDone", ex);
        }
    }

    void wroteHeaders() {
        try {
            trace.wroteHeaders();
        } catch (Throwable ex) {
            failed("wroteHeaders", ex);
        }
    }

    private void wait100Continue() {
        try {
            trace.wait100Continue();
        } catch (Throwable ex) {
            failed("wait100Continue", ex);
        }
    }

    private void wroteRequest(WroteRequestInfo info) {
        try {
            trace.wroteRequest(info);
        } catch (Throwable ex) {
            failed("wroteRequest", ex);
        }
    }
}
