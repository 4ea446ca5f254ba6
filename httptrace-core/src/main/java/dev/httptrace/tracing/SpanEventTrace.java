package dev.httptrace.tracing;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ClientTrace} of one request that writes a span event per hook onto the request's span, named as the
 * hook and stamped with the hook's own time in nanoseconds since the epoch ({@code System.nanoTime()} from an
 * anchor taken when the trace is made), and, when asked, a child span per DNS lookup, TCP connect and TLS handshake.
 *
 * <p>Once {@link #spanEnded()} is called (the observation is stopping the span), hooks write nothing: an event
 * never lands on an ended span. Hooks and {@code spanEnded} may come from different threads (the body's end and
 * {@code putIdleConn} run on the thread that reads or closes it); they are serialized on this object.
 */
abstract class SpanEventTrace implements ClientTrace {

    static final String DNS_SPAN = "hostname resolution";

    static final String CONNECT_SPAN = "connect";

    static final String TLS_SPAN = "tls handshake";

    private final Tracer tracer;

    final Span span;

    private final boolean phaseSpans;

    /** The request's host and port, for the phase spans' {@code server.address} / {@code server.port}. */
    private final URI uri;

    private final long anchorEpochNanos;

    private final long anchorNanos;

    private boolean ended;

    private long dnsStart;

    private @Nullable String dnsHost;

    private long connectStart;

    private long tlsStart;

    SpanEventTrace(Tracer tracer, Span span, URI uri, boolean phaseSpans) {
        this.tracer = tracer;
        this.span = span;
        this.uri = uri;
        this.phaseSpans = phaseSpans;
        Instant now = Instant.now();
        this.anchorNanos = System.nanoTime();
        this.anchorEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Whether Micrometer's OpenTelemetry bridge is on the class path (only then is the OpenTelemetry trace loaded). */
    private static final boolean OTEL_BRIDGE = present("io.micrometer.tracing.otel.bridge.OtelSpan")
            && present("io.opentelemetry.api.trace.Span");

    /** A trace writing onto {@code span}: with OpenTelemetry's bridge, events that carry attributes. */
    static SpanEventTrace of(Tracer tracer, Span span, URI uri, boolean phaseSpans) {
        if (OTEL_BRIDGE && OtelSpanEventTrace.accepts(span)) {
            return OtelSpanEventTrace.create(tracer, span, uri, phaseSpans);
        }
        return new MicrometerSpanEventTrace(tracer, span, uri, phaseSpans);
    }

    /** The IP of {@code ip:port} or {@code [ipv6]:port}, without brackets. */
    static String peerAddress(String peer) {
        String address = peer.substring(0, peer.lastIndexOf(':'));
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    /** The port of {@code ip:port}, or {@code -1}. */
    static long peerPort(String peer) {
        try {
            return Long.parseLong(peer.substring(peer.lastIndexOf(':') + 1));
        } catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SpanEventTrace.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /** The span is ending: from now on no hook writes to it. */
    final synchronized void spanEnded() {
        ended = true;
    }

    /** Writes event {@code name} at {@code epochNanos}; {@code err} and {@code peer} ({@code ip:port}) may be null. */
    abstract void event(String name, long epochNanos, @Nullable Throwable err, @Nullable String peer);

    /** Writes {@code got1xxResponse} with its status code. */
    abstract void interimResponse(long epochNanos, int code);

    private long epochNanos(long nanoTime) {
        return anchorEpochNanos + (nanoTime - anchorNanos);
    }

    /** Writes the event, unless the span ended; returns the hook's time (epoch nanos). */
    private long write(String name, @Nullable Throwable err, @Nullable String peer) {
        long now = epochNanos(System.nanoTime());
        synchronized (this) {
            if (!ended) {
                event(name, now, err, peer);
            }
        }
        return now;
    }

    private void write(String name) {
        write(name, null, null);
    }

    /** A finished child span from {@code start} to {@code end} (epoch nanos), unless the request's span ended. */
    private void phaseSpan(String name, long start, long end, @Nullable Throwable err, @Nullable String host,
            @Nullable String peer) {
        synchronized (this) {
            if (ended) {
                return;
            }
        }
        Span child = tracer.spanBuilder().setParent(span.context()).name(name)
                .startTimestamp(start, TimeUnit.NANOSECONDS).start();
        if (host != null) {
            child.tag(name.equals(DNS_SPAN) ? "dns.question.name" : "server.address", host);
        }
        if (!name.equals(DNS_SPAN)) {
            child.tag("server.port", (long) port());
        }
        if (peer != null) {
            child.tag("network.peer.address", peerAddress(peer));
            child.tag("network.peer.port", peerPort(peer));
        }
        if (err != null) {
            child.tag("error.type", err.getClass().getSimpleName());
            child.error(err);
        }
        child.end(end, TimeUnit.NANOSECONDS);
    }

    private int port() {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public void getConn(String hostPort) {
        write("getConn");
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        dnsStart = write("dnsStart", null, null);
        dnsHost = info.host();
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        long now = write("dnsDone", info.err(), null);
        if (phaseSpans) {
            phaseSpan(DNS_SPAN, dnsStart, now, info.err(), dnsHost, null);
        }
    }

    @Override
    public void connectStart(String network, String addr) {
        connectStart = write("connectStart", null, addr);
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        long now = write("connectDone", err, addr);
        if (phaseSpans) {
            phaseSpan(CONNECT_SPAN, connectStart, now, err, uri.getHost(), addr);
        }
    }

    @Override
    public void tlsHandshakeStart() {
        tlsStart = write("tlsHandshakeStart", null, null);
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        long now = write("tlsHandshakeDone", err, null);
        if (phaseSpans) {
            phaseSpan(TLS_SPAN, tlsStart, now, err, uri.getHost(), null);
        }
    }

    @Override
    public void gotConn(GotConnInfo info) {
        write("gotConn");
    }

    @Override
    public void wroteHeaders() {
        write("wroteHeaders");
    }

    @Override
    public void wait100Continue() {
        write("wait100Continue");
    }

    @Override
    public void got100Continue() {
        write("got100Continue");
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        long now = epochNanos(System.nanoTime());
        synchronized (this) {
            if (!ended) {
                interimResponse(now, code);
            }
        }
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        write("wroteRequest", info.err(), null);
    }

    @Override
    public void gotFirstResponseByte() {
        write("gotFirstResponseByte");
    }

    @Override
    public void gotFinalResponse(int code) {
        write("gotFinalResponse");
    }

    @Override
    public void responseBodyDone(ResponseBodyInfo info) {
        write("responseBodyDone", info.err(), null);
    }

    @Override
    public void putIdleConn(@Nullable Throwable err) {
        write("putIdleConn", err, null);
    }

    @Override
    public void getConnFailed(Throwable err) {
        write("getConnFailed", err, null);
    }

    @Override
    public void exchangeFailed(Throwable err) {
        write("exchangeFailed", err, null);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + span + "]";
    }
}
