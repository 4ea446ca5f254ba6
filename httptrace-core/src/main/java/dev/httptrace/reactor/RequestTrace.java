package dev.httptrace.reactor;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;

import dev.httptrace.ClientTrace;
import dev.httptrace.ConnectionInfo;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import dev.httptrace.internal.HostPorts;
import dev.httptrace.internal.TlsStates;
import org.jspecify.annotations.Nullable;

/**
 * One request's trace as it travels in the Reactor context, with what the hooks so far decided (a connection
 * obtained, the first byte seen, the body done), so that each hook fires once and in order. Every hook runs guarded:
 * what a trace throws goes to the {@link HookErrorHandler}, never into the request. Hooks come from Reactor Netty's
 * event loops (the lookup from the resolver's); they are serialized on this object.
 */
final class RequestTrace {

    private final ClientTrace trace;

    private final String host;

    private final String hostPort;

    private final HookErrorHandler errors;

    private boolean gotConn;

    /** A lookup started and its end not reported yet. */
    private boolean lookingUp;

    private boolean firstByte;

    private boolean ended;

    /**
     * The first attempt is over and Reactor Netty goes on with another (a redirect it follows): the hooks of the
     * hops after the first are not traced yet, so they are dropped, keeping the first attempt's sequence whole.
     */
    private boolean beyondFirstAttempt;

    private boolean bodyDone;

    private boolean putIdle;

    RequestTrace(ClientTrace trace, URI uri, HookErrorHandler errors) {
        this.trace = trace;
        String uriHost = uri.getHost();
        this.host = uriHost == null ? "" : uriHost;
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        this.hostPort = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        this.errors = errors;
    }

    private synchronized void fire(String hook, Consumer<ClientTrace> call) {
        if (beyondFirstAttempt) {
            return;
        }
        try {
            call.accept(trace);
        } catch (RuntimeException ex) {
            try {
                errors.hookFailed(hook, ex);
            } catch (RuntimeException ignored) {
                // the error handler's own failure must not reach the request either
            }
        }
    }

    void getConn() {
        fire("getConn", (t) -> t.getConn(hostPort));
    }

    synchronized void dnsStart() {
        lookingUp = true;
        fire("dnsStart", (t) -> t.dnsStart(new DnsStartInfo(host)));
    }

    /**
     * The lookup ended. Reactor Netty reports it on the resolver's event loop, which may run after the channel's loop
     * began to connect to the address found: the first {@code connectStart} then reports it first, and this late
     * report is dropped.
     */
    synchronized void dnsDone(@Nullable InetSocketAddress resolved, @Nullable Throwable err) {
        if (!lookingUp) {
            return;
        }
        lookingUp = false;
        DnsDoneInfo info = err != null || resolved == null || resolved.getAddress() == null
                ? new DnsDoneInfo(List.of(), err, false) : new DnsDoneInfo(List.of(resolved.getAddress()), null, false);
        fire("dnsDone", (t) -> t.dnsDone(info));
    }

    synchronized void connectStart(InetSocketAddress address, String addr) {
        if (lookingUp) {
            dnsDone(address, null); // connecting to it: the lookup found it
        }
        fire("connectStart", (t) -> t.connectStart("tcp", addr));
    }

    void connectDone(String addr, @Nullable Throwable err) {
        fire("connectDone", (t) -> t.connectDone("tcp", addr, err));
    }

    void tlsHandshakeStart() {
        fire("tlsHandshakeStart", ClientTrace::tlsHandshakeStart);
    }

    /** The handshake of {@code engine} ended, with {@code err} when it failed. */
    void tlsHandshakeDone(SSLEngine engine, @Nullable Throwable err) {
        String serverName = host.isEmpty() || HostPorts.isIpLiteral(host) ? null : host;
        TlsConnectionState state = err == null ? TlsStates.completed(engine.getSession(), engine.getApplicationProtocol(),
                serverName) : TlsStates.failed(serverName);
        fire("tlsHandshakeDone", (t) -> t.tlsHandshakeDone(state, err));
    }

    synchronized void gotConn(String id, InetSocketAddress local, InetSocketAddress remote, long idleNanos) {
        if (gotConn) {
            beyondFirstAttempt = true; // a connection for the next hop
            return;
        }
        gotConn = true;
        boolean reused = idleNanos >= 0;
        GotConnInfo info = new GotConnInfo(new ConnectionInfo(id, local, remote), reused, reused,
                reused ? Duration.ofNanos(Math.max(1, idleNanos)) : Duration.ZERO);
        fire("gotConn", (t) -> t.gotConn(info));
    }

    void wroteHeaders() {
        fire("wroteHeaders", ClientTrace::wroteHeaders);
    }

    void wroteRequest(@Nullable Throwable err) {
        WroteRequestInfo info = err == null ? WroteRequestInfo.OK : new WroteRequestInfo(err);
        fire("wroteRequest", (t) -> t.wroteRequest(info));
    }

    synchronized void firstByte() {
        if (firstByte || !gotConn) {
            return;
        }
        firstByte = true;
        fire("gotFirstResponseByte", ClientTrace::gotFirstResponseByte);
    }

    void gotFinalResponse(int code) {
        fire("gotFinalResponse", (t) -> t.gotFinalResponse(code));
    }

    synchronized void responseBodyDone(@Nullable Throwable err) {
        if (ended) {
            return;
        }
        ended = true;
        bodyDone = true;
        ResponseBodyInfo info = err == null ? ResponseBodyInfo.OK : new ResponseBodyInfo(err);
        fire("responseBodyDone", (t) -> t.responseBodyDone(info));
    }

    /** The connection went back to the pool: once, after the body's end (a failed exchange's is not reported). */
    synchronized void putIdleConn() {
        if (putIdle || !bodyDone) {
            return;
        }
        putIdle = true;
        boolean later = beyondFirstAttempt;
        beyondFirstAttempt = false;
        fire("putIdleConn", (t) -> t.putIdleConn(null));
        beyondFirstAttempt = later;
    }

    /** The first attempt's response is a redirect Reactor Netty follows: it ends that attempt. */
    synchronized void redirected(int code) {
        if (ended) {
            return;
        }
        beyondFirstAttempt = false; // the first attempt's own end, even when the next hop's connection came first
        gotFinalResponse(code);
        responseBodyDone(null);
        beyondFirstAttempt = true;
    }

    /** The request failed before its response's head: before a connection ({@code getConnFailed}) or on it. */
    synchronized void failed(Throwable err) {
        if (ended) {
            return;
        }
        ended = true;
        if (gotConn) {
            fire("exchangeFailed", (t) -> t.exchangeFailed(err));
        } else {
            fire("getConnFailed", (t) -> t.getConnFailed(err));
        }
    }
}
