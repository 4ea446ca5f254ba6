package dev.httptrace.exchange;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One attempt of one request, as its hooks saw it: a fixed set of {@code System.nanoTime()} stamps (fields), one per
 * {@link Mark}, and what the hooks said (status, connection, TLS protocol, the error's type). Every view (the
 * {@link #phases() phases}, the slow-call log line, the actuator endpoint, HAR, the waterfall page, span events)
 * derives from it.
 *
 * <p>An attempt runs from {@code getConn} to the hook that ends it: {@code responseBodyDone}, {@code exchangeFailed}
 * or {@code getConnFailed}. A request the client retries or redirects makes one timeline per attempt, all with the
 * request's method and URI label.
 *
 * <p>What is kept of the request: its method, scheme, host, port and, when Spring knows it, the URI template's path
 * ({@code /orders/{id}}, never its query); never a header, a query string, user-info or an expanded path.
 *
 * <p>A timeline handed to an {@link ExchangeListener} has ended: no hook writes to it again (a retry of the request
 * writes a new one), so a listener may keep it. It belongs to the request's trace; {@link #copy()} makes an
 * independent one. Copies are immutable.
 */
public abstract sealed class ExchangeTimeline permits TimelineTrace, RecordedExchange {

    /** The stamp of a hook that did not fire. */
    static final long ABSENT = Long.MIN_VALUE;

    /** The moments a timeline stamps, in the order they happen in an attempt; each named as its hook. */
    public enum Mark {
        GET_CONN("getConn"),
        DNS_START("dnsStart"),
        DNS_DONE("dnsDone"),
        /** The first address's connect. */
        CONNECT_START("connectStart"),
        /** The last address's connect. */
        CONNECT_DONE("connectDone"),
        TLS_START("tlsHandshakeStart"),
        TLS_DONE("tlsHandshakeDone"),
        GOT_CONN("gotConn"),
        WROTE_HEADERS("wroteHeaders"),
        WAIT_100_CONTINUE("wait100Continue"),
        GOT_100_CONTINUE("got100Continue"),
        /** The first interim response other than {@code 100 Continue}. */
        GOT_1XX("got1xxResponse"),
        WROTE_REQUEST("wroteRequest"),
        FIRST_BYTE("gotFirstResponseByte"),
        FINAL_RESPONSE("gotFinalResponse"),
        /** The hook that ended the attempt; its name is {@link ExchangeTimeline#endHook()}. */
        END("end");

        private static final Mark[] ALL = values();

        private final String hook;

        Mark(String hook) {
            this.hook = hook;
        }

        /** The hook's name, as {@link dev.httptrace.ClientTrace} spells it. */
        public String hook() {
            return hook;
        }
    }

    /** How an attempt ended. */
    public enum Outcome {
        /** The attempt has not ended (only seen on a live timeline). */
        IN_FLIGHT("inFlight"),
        /** The final response's body ended ({@code responseBodyDone}); it may still have failed while reading. */
        COMPLETE("responseBodyDone"),
        /** The exchange failed before the final response's head ({@code exchangeFailed}). */
        EXCHANGE_FAILED("exchangeFailed"),
        /** No connection was obtained ({@code getConnFailed}). */
        GET_CONN_FAILED("getConnFailed");

        private final String hook;

        Outcome(String hook) {
            this.hook = hook;
        }

        /** The name of the hook that ended the attempt this way. */
        public String hook() {
            return hook;
        }
    }

    // the stamps, one field per Mark (in one object with the rest: no array of its own per request)

    long getConnAt = ABSENT;

    long dnsStartAt = ABSENT;

    long dnsDoneAt = ABSENT;

    long connectStartAt = ABSENT;

    long connectDoneAt = ABSENT;

    long tlsStartAt = ABSENT;

    long tlsDoneAt = ABSENT;

    long gotConnAt = ABSENT;

    long wroteHeadersAt = ABSENT;

    long wait100ContinueAt = ABSENT;

    long got100ContinueAt = ABSENT;

    long got1xxAt = ABSENT;

    long wroteRequestAt = ABSENT;

    long firstByteAt = ABSENT;

    long finalResponseAt = ABSENT;

    long endAt = ABSENT;

    String method = "";

    /** The request URI's scheme ({@code http}). */
    String scheme = "http";

    /** The request URI's host, or {@code none}. */
    String host = "none";

    /** The request URI's port, or the scheme's default. */
    int port = 80;

    @Nullable String uriTemplate;

    @Nullable String traceId;

    Outcome outcome = Outcome.IN_FLIGHT;

    int status;

    @Nullable Class<?> errorType;

    boolean reused;

    long idleNanos = -1;

    int connectAttempts;

    /** The connection's {@link InetSocketAddress}, or the {@code host:port} string of the last connect tried. */
    @Nullable Object remote;

    /** The connection's local {@link InetSocketAddress}, or {@code null}. */
    @Nullable InetSocketAddress local;

    @Nullable String tlsProtocol;

    @Nullable String tlsCipherSuite;

    ExchangeTimeline() {
    }

    /** The stamp of {@code mark}, or {@link #ABSENT}. */
    final long stamp(Mark mark) {
        return switch (mark) {
            case GET_CONN -> getConnAt;
            case DNS_START -> dnsStartAt;
            case DNS_DONE -> dnsDoneAt;
            case CONNECT_START -> connectStartAt;
            case CONNECT_DONE -> connectDoneAt;
            case TLS_START -> tlsStartAt;
            case TLS_DONE -> tlsDoneAt;
            case GOT_CONN -> gotConnAt;
            case WROTE_HEADERS -> wroteHeadersAt;
            case WAIT_100_CONTINUE -> wait100ContinueAt;
            case GOT_100_CONTINUE -> got100ContinueAt;
            case GOT_1XX -> got1xxAt;
            case WROTE_REQUEST -> wroteRequestAt;
            case FIRST_BYTE -> firstByteAt;
            case FINAL_RESPONSE -> finalResponseAt;
            case END -> endAt;
        };
    }

    /** Clears every stamp. */
    final void clearStamps() {
        getConnAt = ABSENT;
        dnsStartAt = ABSENT;
        dnsDoneAt = ABSENT;
        connectStartAt = ABSENT;
        connectDoneAt = ABSENT;
        tlsStartAt = ABSENT;
        tlsDoneAt = ABSENT;
        gotConnAt = ABSENT;
        wroteHeadersAt = ABSENT;
        wait100ContinueAt = ABSENT;
        got100ContinueAt = ABSENT;
        got1xxAt = ABSENT;
        wroteRequestAt = ABSENT;
        firstByteAt = ABSENT;
        finalResponseAt = ABSENT;
        endAt = ABSENT;
    }

    /** An independent, immutable copy of this timeline as it is now. */
    public final ExchangeTimeline copy() {
        RecordedExchange copy = new RecordedExchange();
        copyTo(copy);
        return copy;
    }

    /** When the attempt started ({@code getConn}), wall clock, millisecond precision. */
    public Instant startedAt() {
        return Instant.ofEpochMilli(startMillis());
    }

    /** Epoch milliseconds of {@code getConn}. */
    abstract long startMillis();

    /** Nanoseconds from {@code getConn} to {@code mark}, or {@code -1} when that hook did not fire. */
    public long offsetNanos(Mark mark) {
        long stamp = stamp(mark);
        return stamp == ABSENT || getConnAt == ABSENT ? -1 : stamp - getConnAt;
    }

    /** From {@code getConn} to the hook that ended the attempt; {@link Duration#ZERO} while in flight. */
    public Duration total() {
        return Duration.ofNanos(Math.max(0, endNanos()));
    }

    /** The phases, as HAR 1.2's {@code timings} and Chrome's Timing tab name them. */
    public Phases phases() {
        return Phases.of(this);
    }

    /** The request method, as given. */
    public String method() {
        return method;
    }

    /**
     * The request's host, as {@link java.net.URI#getHost()} gives it (an IPv6 literal in brackets), or
     * {@code none}: the value of the meters' {@code client.name}.
     */
    public final String clientName() {
        return host;
    }

    /**
     * {@code scheme://host:port} followed by the URI template's path when Spring knew the template
     * ({@code http://127.0.0.1:8080/orders/{id}}), without query or fragment: never the expanded path.
     */
    public String uri() {
        StringBuilder uri = new StringBuilder(48).append(scheme).append("://").append(host).append(':').append(port);
        String path = templatePath();
        if (path != null) {
            uri.append(path);
        }
        return uri.toString();
    }

    /**
     * The path of the URI template ({@code /orders/{id}}), without query or fragment, or {@code null}. A "template"
     * without a variable is not one: {@code RestClient} reports any URI string given to it as its template, also
     * one the application built with an id in it, so only a path with a {@code {variable}} is shown.
     */
    public @Nullable String templatePath() {
        String template = uriTemplate;
        if (template == null || template.indexOf('{') < 0) {
            return null;
        }
        int end = template.length();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int start = 0;
        int scheme = template.indexOf("://");
        if (scheme >= 0 && scheme < end) {
            int slash = template.indexOf('/', scheme + 3);
            start = slash < 0 || slash > end ? end : slash;
        }
        String path = template.substring(start, end);
        return path.isEmpty() ? "/" : path;
    }

    /** How the attempt ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** The name of the hook that ended the attempt ({@code responseBodyDone}, ...). */
    public String endHook() {
        return outcome.hook();
    }

    /** The final response's status code, or {@code 0} when none was read. */
    public int status() {
        return status;
    }

    /**
     * The simple class name of the error: the failed stage's (lookup, connect, handshake) when one failed, else
     * the error of the hook that ended the attempt or of the body read; {@code null} when nothing failed.
     */
    public @Nullable String exception() {
        Class<?> type = errorType;
        return type == null ? null : type.getSimpleName();
    }

    /** Whether a pooled connection was reused. */
    public boolean reused() {
        return reused;
    }

    /** How long the reused connection sat idle, or {@code null} when it was not reused. */
    public @Nullable Duration idle() {
        return idleNanos < 0 ? null : Duration.ofNanos(idleNanos);
    }

    /** How many addresses a new connection tried ({@code connectStart}s); {@code 0} for a reused one. */
    public int connectAttempts() {
        return connectAttempts;
    }

    /**
     * The server's address as {@code host:port} ({@code 127.0.0.1:8443}, {@code [::1]:80}): the connection's, or
     * for a connect that failed, the last address tried; {@code null} when none was reached nor tried.
     */
    public @Nullable String remoteAddress() {
        Object address = remote;
        if (address instanceof InetSocketAddress socket) {
            return hostPort(socket);
        }
        return address == null ? null : address.toString();
    }

    /**
     * The connection's own end as {@code ip:port} ({@code 127.0.0.1:53944}: with the remote address, the connection
     * in {@code ss} or a packet capture; two exchanges with the same one went over the same connection), or
     * {@code null} when no connection was obtained.
     */
    public @Nullable String localAddress() {
        InetSocketAddress address = local;
        return address == null ? null : hostPort(address);
    }

    private static String hostPort(InetSocketAddress socket) {
        String ip = socket.getAddress() != null ? socket.getAddress().getHostAddress() : socket.getHostString();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + socket.getPort();
    }

    /** The TLS protocol a new connection agreed ({@code TLSv1.3}), or {@code null}: no handshake in this attempt. */
    public @Nullable String tlsProtocol() {
        return tlsProtocol;
    }

    /** The cipher suite a new TLS connection agreed ({@code TLS_AES_256_GCM_SHA384}), or {@code null}. */
    public @Nullable String tlsCipherSuite() {
        return tlsCipherSuite;
    }

    /** The id of the distributed trace the request belongs to, or {@code null} when it was not traced. */
    public @Nullable String traceId() {
        return traceId;
    }

    /**
     * The number an {@link ExchangeRecorder} gave this exchange (0, 1, ... in the order they ended) on a copy it
     * handed out, or -1.
     */
    public long sequence() {
        return -1;
    }

    /** Nanoseconds from {@code getConn} to the end, or to the last stamp while in flight. */
    final long endNanos() {
        long end = offsetNanos(Mark.END);
        if (end >= 0) {
            return end;
        }
        long last = 0;
        for (Mark mark : Mark.ALL) {
            last = Math.max(last, offsetNanos(mark));
        }
        return last;
    }

    /** The first of the stamps given that fired, as an offset, or -1. */
    final long first(Mark... marks) {
        for (Mark mark : marks) {
            long offset = offsetNanos(mark);
            if (offset >= 0) {
                return offset;
            }
        }
        return -1;
    }

    final void copyTo(RecordedExchange target) {
        target.getConnAt = getConnAt;
        target.dnsStartAt = dnsStartAt;
        target.dnsDoneAt = dnsDoneAt;
        target.connectStartAt = connectStartAt;
        target.connectDoneAt = connectDoneAt;
        target.tlsStartAt = tlsStartAt;
        target.tlsDoneAt = tlsDoneAt;
        target.gotConnAt = gotConnAt;
        target.wroteHeadersAt = wroteHeadersAt;
        target.wait100ContinueAt = wait100ContinueAt;
        target.got100ContinueAt = got100ContinueAt;
        target.got1xxAt = got1xxAt;
        target.wroteRequestAt = wroteRequestAt;
        target.firstByteAt = firstByteAt;
        target.finalResponseAt = finalResponseAt;
        target.endAt = endAt;
        target.startMillis = startMillis();
        target.method = method;
        target.scheme = scheme;
        target.host = host;
        target.port = port;
        target.sequence = sequence();
        target.uriTemplate = uriTemplate;
        target.traceId = traceId;
        target.outcome = outcome;
        target.status = status;
        target.errorType = errorType;
        target.reused = reused;
        target.idleNanos = idleNanos;
        target.connectAttempts = connectAttempts;
        target.remote = remote;
        target.local = local;
        target.tlsProtocol = tlsProtocol;
        target.tlsCipherSuite = tlsCipherSuite;
    }

    @Override
    public String toString() {
        return method + " " + uri() + " " + (status == 0 ? String.valueOf(exception()) : status) + " " + phases();
    }
}
