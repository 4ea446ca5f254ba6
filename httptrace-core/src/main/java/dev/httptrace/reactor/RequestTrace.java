package dev.httptrace.reactor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import dev.httptrace.internal.GuardedTrace;
import dev.httptrace.internal.HeaderMaps;
import dev.httptrace.internal.HostPorts;
import dev.httptrace.internal.TlsStates;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The trace of one attempt of a request, as it travels in the Reactor context, with what the hooks so far decided (a
 * connection obtained, the first byte seen, the body done), so that each hook fires once and in order. A redirect
 * Reactor Netty follows, or its retry of a request whose pooled connection closed before it was sent, is the next
 * attempt: linked from this one ({@link #latest()}), with the same trace, from its own {@code getConn}, as in Go. A
 * channel keeps the attempt it carries, so that a late hook of this attempt (the release of its connection) never
 * reaches the next one. Every hook runs guarded ({@link GuardedTrace}): what a trace throws goes to the
 * {@link HookErrorHandler}, once per trace, never into the request; nothing is allocated per hook beyond the hook's
 * own arguments. Hooks come from Reactor Netty's event loops (the lookup from the resolver's); they are serialized
 * on this object.
 */
final class RequestTrace extends GuardedTrace {

    private final URI uri;

    private final String host;

    private final String hostPort;

    /** The attempt after this one, once Reactor Netty began it. */
    private volatile @Nullable RequestTrace next;

    /** {@code getConn} fired: at once for a retry, after the predecessor's release for a redirect. */
    private boolean started;

    /** The final response's status as read from the connection (0 before), and a redirect's {@code Location}. */
    private int responseCode;

    private @Nullable String location;

    private @Nullable Throwable channelError;

    private boolean gotConn;

    /** A lookup started and its end not reported yet. */
    private boolean lookingUp;

    /** The client's lookups in flight, when its resolver coalesces them; whether this one shared another's. */
    private @Nullable InFlightLookups lookups;

    private boolean lookupCoalesced;

    private boolean firstByte;

    private boolean finalResponseSeen;

    private boolean ended;

    private boolean bodyDone;

    private boolean putIdle;

    RequestTrace(ClientTrace trace, URI uri, HookErrorHandler errors) {
        super(trace, errors);
        this.uri = uri;
        String uriHost = uri.getHost();
        this.host = uriHost == null ? "" : uriHost;
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        this.hostPort = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The attempt the request is in now: this one, or the last of those that followed it. */
    RequestTrace latest() {
        RequestTrace attempt = this;
        for (RequestTrace later = attempt.next; later != null; later = attempt.next) {
            attempt = later;
        }
        return attempt;
    }

    /**
     * The attempt a new connection belongs to; called on the {@link #latest()} attempt when Reactor Netty opens or
     * configures one. That is this attempt while it is still connecting (each address tried gets a channel of its
     * own), and a redirect's attempt that had not begun yet, which begins here. Otherwise this attempt had its
     * connection, and Reactor Netty began the next attempt inside (a redirect it follows, a retry after the pooled
     * connection closed) before it reports why: this attempt ends with what it saw, its response (the redirect) or
     * the connection's failure, and the next begins here with its {@code getConn}.
     */
    synchronized RequestTrace forConnection() {
        if (!started) {
            begin();
            return this;
        }
        RequestTrace later = next;
        if (later != null) {
            return later.forConnection();
        }
        if (!gotConn && !ended) {
            return this;
        }
        if (!ended && responseCode > 0) {
            finalResponse(responseCode);
            bodyDone(null);
        } else if (!ended) {
            failed(channelError != null ? channelError : new IOException(
                    "the connection closed before the response came; Reactor Netty sends the request again"));
        }
        URI following = responseCode >= 300 && responseCode < 400 ? target(location) : uri;
        RequestTrace attempt = new RequestTrace(trace(), following, errors());
        next = attempt;
        attempt.begin();
        return attempt;
    }

    /** The head of this attempt's final response, before Reactor Netty handles it: {@code location} for a 3xx. */
    synchronized void responseHead(int code, @Nullable String redirectTo) {
        responseCode = code;
        location = redirectTo;
    }

    /** What the connection failed with, before Reactor Netty handles it. */
    synchronized void channelFailed(Throwable cause) {
        if (channelError == null) {
            channelError = cause;
        }
    }


    /** Begins this attempt: {@code getConn}. */
    private synchronized void begin() {
        started = true;
        fireGetConn(hostPort);
    }

    /** A lookup starts; {@code lookups} counts it when the client's resolver coalesces lookups of one name. */
    synchronized void dnsStart(@Nullable InFlightLookups lookups) {
        lookingUp = true;
        this.lookups = lookups;
        lookupCoalesced = lookups != null && lookups.start(host);
        fireDnsStart(new DnsStartInfo(host));
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
        InFlightLookups counted = lookups;
        if (counted != null) {
            counted.done(host);
        }
        DnsDoneInfo info = err != null || resolved == null || resolved.getAddress() == null
                ? new DnsDoneInfo(List.of(), err, lookupCoalesced)
                : new DnsDoneInfo(List.of(resolved.getAddress()), null, lookupCoalesced);
        fireDnsDone(info);
    }

    synchronized void connectStart(InetSocketAddress address, String addr) {
        if (lookingUp) {
            dnsDone(address, null); // connecting to it: the lookup found it
        }
        fireConnectStart("tcp", addr);
    }

    synchronized void connectDone(String addr, @Nullable Throwable err) {
        fireConnectDone("tcp", addr, err);
    }

    synchronized void tlsHandshakeStart() {
        fireTlsHandshakeStart();
    }

    /** The handshake of {@code engine} ended, with {@code err} when it failed. */
    synchronized void tlsHandshakeDone(SSLEngine engine, @Nullable Throwable err) {
        String serverName = host.isEmpty() || HostPorts.isIpLiteral(host) ? null : host;
        TlsConnectionState state = err == null ? TlsStates.completed(engine.getSession(), engine.getApplicationProtocol(),
                serverName) : TlsStates.failed(serverName);
        fireTlsHandshakeDone(state, err);
    }

    synchronized void gotConn(String id, InetSocketAddress local, InetSocketAddress remote, long idleNanos) {
        if (gotConn) {
            return;
        }
        gotConn = true;
        boolean reused = idleNanos >= 0;
        GotConnInfo info = new GotConnInfo(new ConnectionInfo(id, local, remote), reused, reused,
                reused ? Duration.ofNanos(Math.max(1, idleNanos)) : Duration.ZERO);
        fireGotConn(info);
    }

    synchronized void wroteHeaders() {
        fireWroteHeaders();
    }

    synchronized void wroteRequest(@Nullable Throwable err) {
        fireWroteRequest(err == null ? WroteRequestInfo.OK : new WroteRequestInfo(err));
    }

    synchronized void firstByte() {
        if (firstByte || !gotConn) {
            return;
        }
        firstByte = true;
        fireGotFirstResponseByte();
    }

    /** The head of an interim response (not {@code 101}), before Reactor Netty handles it. */
    synchronized void interimResponse(int code, HttpHeaders headers) {
        if (!gotConn || ended) {
            return;
        }
        fireGot1xxResponse(code, HeaderMaps.of(headers, Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * The response Reactor Netty hands to the application. When that is an interim one (Reactor Netty takes a
     * {@code 103} as final), the attempt failed: the real response was never read.
     */
    synchronized void gotFinalResponse(int code) {
        if (ended || !gotConn) {
            return;
        }
        if (code >= 100 && code < 200 && code != 101) {
            failed(new InterimResponseAsFinalException(code));
        } else {
            finalResponse(code);
        }
    }

    synchronized void responseBodyDone(@Nullable Throwable err) {
        bodyDone(err);
    }

    /**
     * The connection went back to the pool, which kept it ({@code err} null) or not: once, after the body's end (a
     * failed exchange's is not reported). After a redirect, the next attempt begins here, unless it began first (its
     * connection came sooner): then this late report, which would break the next attempt's sequence, is dropped.
     */
    synchronized void putIdleConn(@Nullable Throwable err) {
        if (putIdle || !bodyDone) {
            return;
        }
        putIdle = true;
        RequestTrace later = next;
        if (later == null) {
            firePutIdleConn(err);
            return;
        }
        synchronized (later) {
            if (!later.started) {
                firePutIdleConn(err);
                later.begin();
            }
        }
    }

    /**
     * This attempt's response is a redirect Reactor Netty follows to {@code location}: it ends this attempt, and makes
     * the next, to the URI the redirect names, which begins with its {@code getConn} once this attempt's connection
     * is back in the pool, or with its own connection, whichever comes first.
     */
    synchronized void redirected(int code, @Nullable String redirectTo) {
        if (!ended) {
            finalResponse(code);
            bodyDone(null);
        }
        if (next == null) {
            next = new RequestTrace(trace(), target(redirectTo), errors());
        }
    }

    /** Where a redirect goes: {@code location} against this attempt's URI, or this URI when it cannot be read. */
    private URI target(@Nullable String redirectTo) {
        if (redirectTo == null) {
            return uri;
        }
        try {
            return uri.resolve(new URI(redirectTo));
        } catch (URISyntaxException | IllegalArgumentException ex) {
            return uri;
        }
    }

    /** The request failed before its response's head: before a connection ({@code getConnFailed}) or on it. */
    synchronized void failed(Throwable err) {
        if (ended) {
            return;
        }
        ended = true;
        if (gotConn) {
            fireExchangeFailed(err);
        } else {
            fireGetConnFailed(err);
        }
    }

    private void finalResponse(int code) {
        if (!finalResponseSeen) {
            finalResponseSeen = true;
            fireGotFinalResponse(code);
        }
    }

    private void bodyDone(@Nullable Throwable err) {
        if (ended || !gotConn) {
            return;
        }
        ended = true;
        bodyDone = true;
        fireResponseBodyDone(err == null ? ResponseBodyInfo.OK : new ResponseBodyInfo(err));
    }
}
