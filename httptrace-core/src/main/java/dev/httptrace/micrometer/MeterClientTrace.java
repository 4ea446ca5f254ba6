package dev.httptrace.micrometer;

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
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The trace of one request, made by {@link MeterClientTraceFactory#create}: takes each phase's start as a
 * plain {@code long} from the registry's clock and records into the client's cached timers on the phase's
 * end hook. Not thread-safe, as a per-request trace need not be (its hooks never run concurrently); this
 * object is the only allocation per request.
 *
 * <p>State is per attempt: {@link #getConn} starts a new one (a retry after a stale connection, a redirect).
 */
final class MeterClientTrace implements ClientTrace {

    private static final TimeUnit NANOS = TimeUnit.NANOSECONDS;

    private final Clock clock;

    private final ClientMeters client;

    private final ClientMeters.MethodMeters method;

    /** Between getConn and gotConn, or the final failure of the attempt. */
    private boolean acquiring;

    private long getConnAt;

    private boolean resolving;

    private long dnsStartAt;

    private boolean connecting;

    private boolean connectingIpv6;

    private long connectStartAt;

    private boolean handshaking;

    private long tlsStartAt;

    /**
     * The last stage failure (lookup, connect, handshake) of the attempt: followed by a connect to the next
     * address, or by {@code getConnFailed}, which records it as the acquire's outcome.
     */
    private @Nullable Throwable pendingFailure;

    private long pendingFailureAt;

    /** Between gotConn and wroteRequest. */
    private boolean writing;

    private long gotConnAt;

    /** Between wait100Continue and the end of the wait. */
    private boolean waitingForContinue;

    private long waitStartAt;

    private boolean gotFirstByte;

    private long firstByteAt;

    /** wroteRequest fired without error before the final response: the server's time runs. */
    private boolean wrote;

    private long wroteAt;

    /** An interim response (1xx) arrived: the first byte was not the final response's. */
    private boolean interim;

    /**
     * Between the final response's first byte and the end of its body; after an interim response
     * {@link #firstByteAt} is moved to the final response's head.
     */
    private boolean receiving;

    MeterClientTrace(Clock clock, ClientMeters client, ClientMeters.MethodMeters method) {
        this.clock = clock;
        this.client = client;
        this.method = method;
    }

    @Override
    public void getConn(String hostPort) {
        long now = clock.monotonicTime();
        resolving = false;
        connecting = false;
        handshaking = false;
        pendingFailure = null;
        writing = false;
        waitingForContinue = false;
        gotFirstByte = false;
        wrote = false;
        interim = false;
        receiving = false;
        acquiring = true;
        getConnAt = now;
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        resolving = true;
        dnsStartAt = clock.monotonicTime();
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        long now = clock.monotonicTime();
        Throwable err = info.err();
        if (resolving) {
            resolving = false;
            client.dns.get(err).record(now - dnsStartAt, NANOS);
        }
        if (err != null) {
            stageFailed(err, now);
        }
    }

    @Override
    public void connectStart(String network, String addr) {
        pendingFailure = null;
        connecting = true;
        connectingIpv6 = isIpv6(addr);
        connectStartAt = clock.monotonicTime();
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        long now = clock.monotonicTime();
        if (connecting) {
            connecting = false;
            (connectingIpv6 ? client.connectIpv6 : client.connectIpv4).get(err).record(now - connectStartAt, NANOS);
        }
        if (err != null) {
            stageFailed(err, now);
        }
    }

    @Override
    public void tlsHandshakeStart() {
        handshaking = true;
        tlsStartAt = clock.monotonicTime();
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        long now = clock.monotonicTime();
        if (handshaking) {
            handshaking = false;
            client.tlsHandshake(ClientMeters.TlsVersion.of(state.protocol())).get(err).record(now - tlsStartAt, NANOS);
        }
        if (err != null) {
            // HttpClient 5 handshakes inside its loop over the addresses: a failure may be followed by a
            // connect to the next
            stageFailed(err, now);
        }
    }

    @Override
    public void gotConn(GotConnInfo info) {
        long now = clock.monotonicTime();
        if (acquiring) {
            acquiring = false;
            pendingFailure = null;
            (info.reused() ? client.acquireReused : client.acquireNew).get(null).record(now - getConnAt, NANOS);
        }
        if (info.wasIdle()) {
            client.idle.get().record(info.idleTime());
        }
        writing = true;
        gotConnAt = now;
    }

    @Override
    public void wait100Continue() {
        waitingForContinue = true;
        waitStartAt = clock.monotonicTime();
    }

    @Override
    public void gotFirstResponseByte() {
        long now = clock.monotonicTime();
        if (gotFirstByte) {
            return;
        }
        gotFirstByte = true;
        firstByteAt = now;
        if (wrote) {
            wrote = false;
            method.serverProcessing.get(null).record(now - wroteAt, NANOS);
        }
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        interim = true;
    }

    @Override
    public void gotFinalResponse(int code) {
        long now = clock.monotonicTime();
        if (wrote) {
            // the first byte was a 100 Continue before the body: the server's answer ends here
            wrote = false;
            method.serverProcessing.get(null).record(now - wroteAt, NANOS);
        }
        receiving = true;
        if (interim || !gotFirstByte) {
            firstByteAt = now;
        }
    }

    @Override
    public void responseBodyDone(ResponseBodyInfo info) {
        long now = clock.monotonicTime();
        if (receiving) {
            receiving = false;
            method.contentTransfer.get(info.err()).record(now - firstByteAt, NANOS);
        }
    }

    @Override
    public void exchangeFailed(Throwable err) {
        long now = clock.monotonicTime();
        if (wrote) {
            wrote = false;
            method.serverProcessing.get(err).record(now - wroteAt, NANOS);
        } else if (gotFirstByte && !receiving) {
            // the server had answered (a partial head, an interim response) when reading the response failed
            method.contentTransfer.get(err).record(now - firstByteAt, NANOS);
        }
    }

    @Override
    public void getConnFailed(Throwable err) {
        long now = clock.monotonicTime();
        if (acquiring) {
            // the stage's own failure (ConnectException, not HttpClient's wrapping of it) at its own time; else
            // the lease's (a pool-lease timeout)
            acquiring = false;
            Throwable pending = pendingFailure;
            pendingFailure = null;
            client.acquireNew.get(pending != null ? pending : err).record((pending != null ? pendingFailureAt : now) - getConnAt, NANOS);
        }
    }

    @Override
    public void got100Continue() {
        long now = clock.monotonicTime();
        if (waitingForContinue) {
            waitingForContinue = false;
            client.continueWait(ClientMeters.ContinueOutcome.CONTINUED).get().record(now - waitStartAt, NANOS);
        }
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        long now = clock.monotonicTime();
        Throwable err = info.err();
        if (writing) {
            writing = false;
            method.requestWrite.get(err).record(now - gotConnAt, NANOS);
        }
        if (waitingForContinue) {
            waitingForContinue = false;
            if (gotFirstByte) {
                // a final response instead of 100: the wait ended at its first byte
                client.continueWait(ClientMeters.ContinueOutcome.REJECTED).get().record(firstByteAt - waitStartAt, NANOS);
            } else if (err == null) {
                // no answer: the transport stopped waiting and sent the body
                client.continueWait(ClientMeters.ContinueOutcome.TIMEOUT).get().record(now - waitStartAt, NANOS);
            }
            // else the connection failed while waiting: request.write carries the exception
        }
        if (err == null && !receiving && (!gotFirstByte || interim)) {
            // before the response, or after a 100 Continue: the server's time starts
            wrote = true;
            wroteAt = now;
        }
    }

    private void stageFailed(Throwable err, long at) {
        if (acquiring) {
            pendingFailure = err;
            pendingFailureAt = at;
        }
    }

    /** {@code [::1]:443} as Go prints it; also accepts a bare IPv6 address (more than one colon). */
    static boolean isIpv6(String addr) {
        return (!addr.isEmpty() && addr.charAt(0) == '[') || addr.indexOf(':') != addr.lastIndexOf(':');
    }

    @Override
    public String toString() {
        return "MeterClientTrace[client.name=" + client.name + "]";
    }
}
