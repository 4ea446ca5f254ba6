package dev.httptrace.tracing;

import java.net.URI;
import java.util.List;
import java.util.Map;

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
 * hook, at the moment the hook runs: written through the tracer without a timestamp of its own, so that the event
 * takes the span's own clock (OpenTelemetry's nanoseconds, Brave's microseconds, both anchored where the trace
 * started) and always lies inside the span. When asked, also a child span per DNS lookup, TCP connect and TLS
 * handshake, started and ended at its hooks.
 *
 * <p>Once {@link #spanEnded()} is called (the observation is stopping the span), hooks write nothing: an event
 * never lands on an ended span. Hooks and {@code spanEnded} may come from different threads (the body's end and
 * {@code putIdleConn} run on the thread that reads or closes it); they are serialized on this object.
 */
abstract class SpanEventTrace implements ClientTrace {

    static final String DNS_SPAN = "hostname resolution";

    static final String CONNECT_SPAN = "connect";

    static final String TLS_SPAN = "tls handshake";

    /** Whether Micrometer's OpenTelemetry bridge is on the class path (only then is the OpenTelemetry trace loaded). */
    private static final boolean OTEL_BRIDGE = present("io.micrometer.tracing.otel.bridge.OtelSpan")
            && present("io.opentelemetry.api.trace.Span");

    private final Tracer tracer;

    final Span span;

    private final boolean phaseSpans;

    /** The request's host and port, for the phase spans' {@code server.address} / {@code server.port}. */
    private final URI uri;

    private boolean ended;

    private @Nullable Span dnsSpan;

    private @Nullable Span connectSpan;

    private @Nullable Span tlsSpan;

    SpanEventTrace(Tracer tracer, Span span, URI uri, boolean phaseSpans) {
        this.tracer = tracer;
        this.span = span;
        this.uri = uri;
        this.phaseSpans = phaseSpans;
    }

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

    /** Writes event {@code name} now; {@code err} and {@code peer} ({@code ip:port}) may be null. */
    abstract void event(String name, @Nullable Throwable err, @Nullable String peer);

    /** Writes {@code got1xxResponse} now, with its status code. */
    abstract void interimResponse(int code);

    /** Writes the event, unless the span ended. */
    private synchronized void write(String name, @Nullable Throwable err, @Nullable String peer) {
        if (!ended) {
            event(name, err, peer);
        }
    }

    private void write(String name) {
        write(name, null, null);
    }

    /** A child span of the request's, started now, or {@code null} when phase spans are off or the span ended. */
    private synchronized @Nullable Span startPhase(String name) {
        if (!phaseSpans || ended) {
            return null;
        }
        Span child = tracer.spanBuilder().setParent(span.context()).name(name).start();
        if (!name.equals(DNS_SPAN)) {
            child.tag("server.port", (long) port());
            String host = uri.getHost();
            if (host != null) {
                child.tag("server.address", host);
            }
        }
        return child;
    }

    /** Ends {@code child} now (a phase that started ends, even after the request's span). */
    private static void endPhase(@Nullable Span child, @Nullable Throwable err, @Nullable String peer) {
        if (child == null) {
            return;
        }
        if (peer != null) {
            child.tag("network.peer.address", peerAddress(peer));
            child.tag("network.peer.port", peerPort(peer));
        }
        if (err != null) {
            child.tag("error.type", err.getClass().getSimpleName());
            child.error(err);
        }
        child.end();
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
        write("dnsStart");
        Span child = startPhase(DNS_SPAN);
        if (child != null) {
            child.tag("dns.question.name", info.host());
        }
        dnsSpan = child;
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        endPhase(dnsSpan, info.err(), null);
        dnsSpan = null;
        write("dnsDone", info.err(), null);
    }

    @Override
    public void connectStart(String network, String addr) {
        write("connectStart", null, addr);
        connectSpan = startPhase(CONNECT_SPAN);
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        endPhase(connectSpan, err, addr);
        connectSpan = null;
        write("connectDone", err, addr);
    }

    @Override
    public void tlsHandshakeStart() {
        write("tlsHandshakeStart");
        tlsSpan = startPhase(TLS_SPAN);
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        endPhase(tlsSpan, err, null);
        tlsSpan = null;
        write("tlsHandshakeDone", err, null);
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
    public synchronized void got1xxResponse(int code, Map<String, List<String>> headers) {
        if (!ended) {
            interimResponse(code);
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
