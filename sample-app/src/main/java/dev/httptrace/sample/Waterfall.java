package dev.httptrace.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import org.jspecify.annotations.Nullable;

/**
 * The per-request {@link ClientTrace} behind one printed waterfall: notes when each hook fires, and turns the
 * timestamps into httpstat's five phases. Two moments no hook reports are marked by the code that sends the request:
 * {@link #responseReceived()} (the response head reached it) and {@link #bodyRead()} (it read the body to its end,
 * which ends the content transfer; HttpClient's {@code putIdleConn} fires a moment before, at the last byte).
 *
 * <p>Phases: DNS lookup = {@code dnsStart → dnsDone}; TCP connect = first {@code connectStart} → last
 * {@code connectDone} (every address tried); TLS handshake = {@code tlsHandshakeStart → tlsHandshakeDone}; server
 * processing = {@code gotConn} → first byte of the final response, so it includes writing the request (as
 * davecheney/httpstat); content transfer = that first byte → body read. The first byte of the final response is
 * {@code gotFirstResponseByte}, except after an interim {@code 1xx} response (whose first byte that hook reports):
 * then it is the moment the response head reached the code. A phase that did not happen (no DNS for an IP literal,
 * nothing but server and transfer on a reused connection) is absent, never zero. When HttpClient retries a request
 * (a new {@code getConn}), the phases are those of the last attempt; elapsed times count from the first.
 *
 * <p>One per request, not thread-safe: hooks and marks come from the thread that sends the request and reads the
 * body.
 */
final class Waterfall implements ClientTrace {

    private static final long ABSENT = Long.MIN_VALUE;

    /** httpstat's phases, in the order they happen. */
    enum Phase {
        DNS_LOOKUP("DNS lookup"),
        TCP_CONNECT("TCP connect"),
        TLS_HANDSHAKE("TLS handshake"),
        SERVER_PROCESSING("Server processing"),
        CONTENT_TRANSFER("Content transfer");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        String label() {
            return this.label;
        }
    }

    /**
     * A phase that happened: from {@code start} to {@code end}, nanoseconds since the request started (its first
     * {@code getConn}); {@code failed} when the phase ended with an error.
     */
    record Span(long start, long end, boolean failed) {

        long nanos() {
            return this.end - this.start;
        }
    }

    private final LongSupplier clock;

    private long requestStart = ABSENT;

    private int attempts;

    private long dnsStart;

    private long dnsDone;

    private @Nullable Throwable dnsError;

    private long connectStart;

    private long connectDone;

    private @Nullable Throwable connectError;

    private int connectAttempts;

    private long tlsStart;

    private long tlsDone;

    private @Nullable Throwable tlsError;

    private @Nullable TlsConnectionState tls;

    private long gotConn;

    private @Nullable GotConnInfo connection;

    private long wait100Continue;

    private long got100Continue;

    private int interimResponses;

    private long wroteRequest;

    private long firstByte;

    private @Nullable Throwable putIdleConnError;

    private boolean putIdleConn;

    private long responseReceived = ABSENT;

    private long bodyRead = ABSENT;

    Waterfall() {
        this(System::nanoTime);
    }

    /** A waterfall reading time from {@code nanoClock} (tests drive it by hand). */
    Waterfall(LongSupplier nanoClock) {
        this.clock = nanoClock;
        resetAttempt();
    }

    // hooks

    @Override
    public void getConn(String hostPort) {
        long now = this.clock.getAsLong();
        if (this.requestStart == ABSENT) {
            this.requestStart = now;
        }
        this.attempts++;
        resetAttempt();
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        this.dnsStart = this.clock.getAsLong();
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        this.dnsDone = this.clock.getAsLong();
        this.dnsError = info.err();
    }

    @Override
    public void connectStart(String network, String addr) {
        long now = this.clock.getAsLong();
        if (this.connectStart == ABSENT) {
            this.connectStart = now;
        }
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        this.connectDone = this.clock.getAsLong();
        this.connectError = err;
        this.connectAttempts++;
    }

    @Override
    public void tlsHandshakeStart() {
        this.tlsStart = this.clock.getAsLong();
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        this.tlsDone = this.clock.getAsLong();
        this.tls = state;
        this.tlsError = err;
    }

    @Override
    public void gotConn(GotConnInfo info) {
        this.gotConn = this.clock.getAsLong();
        this.connection = info;
    }

    @Override
    public void wait100Continue() {
        this.wait100Continue = this.clock.getAsLong();
    }

    @Override
    public void got100Continue() {
        this.got100Continue = this.clock.getAsLong();
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        this.interimResponses++;
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        this.wroteRequest = this.clock.getAsLong();
    }

    @Override
    public void gotFirstResponseByte() {
        this.firstByte = this.clock.getAsLong();
    }

    @Override
    public void putIdleConn(@Nullable Throwable err) {
        this.putIdleConn = true;
        this.putIdleConnError = err;
    }

    // marks by the sending code

    /** The response head (status and header fields) reached the code that sent the request. */
    void responseReceived() {
        this.responseReceived = this.clock.getAsLong();
    }

    /** The code that sent the request has read the response body to its end: the request is complete. */
    void bodyRead() {
        this.bodyRead = this.clock.getAsLong();
    }

    // what was measured

    /** The phase as measured, or {@code null} when it did not happen (or did not end). */
    @Nullable Span span(Phase phase) {
        return switch (phase) {
            case DNS_LOOKUP -> span(this.dnsStart, this.dnsDone, this.dnsError != null);
            case TCP_CONNECT -> span(this.connectStart, this.connectDone, this.connectError != null);
            case TLS_HANDSHAKE -> span(this.tlsStart, this.tlsDone, this.tlsError != null);
            case SERVER_PROCESSING -> span(this.gotConn, finalResponseStart(), false);
            case CONTENT_TRANSFER -> span(finalResponseStart(), this.bodyRead, false);
        };
    }

    /** The phase that failed (DNS lookup, TCP connect or TLS handshake), or {@code null}. */
    @Nullable Phase failedPhase() {
        for (Phase phase : Phase.values()) {
            Span span = span(phase);
            if (span != null && span.failed()) {
                return phase;
            }
        }
        return null;
    }

    /** From the first {@code getConn} to {@link #bodyRead()}, or {@code null} when the request did not complete. */
    @Nullable Duration total() {
        return (this.requestStart == ABSENT || this.bodyRead == ABSENT) ? null
                : Duration.ofNanos(this.bodyRead - this.requestStart);
    }

    /** The connection that carried the last attempt, or {@code null} when none was obtained. */
    @Nullable GotConnInfo connection() {
        return this.connection;
    }

    /** The TLS session of a new HTTPS connection, or {@code null} when there was no handshake. */
    @Nullable TlsConnectionState tls() {
        return this.tls;
    }

    /** How many addresses TCP connect tried in the last attempt. */
    int connectAttempts() {
        return this.connectAttempts;
    }

    /** How many times the request was started ({@code getConn}): more than one when HttpClient retried it. */
    int attempts() {
        return this.attempts;
    }

    /** Whether HttpClient offered the connection back to its pool and the pool kept it ({@code putIdleConn(null)}). */
    boolean keptAlive() {
        return this.putIdleConn && this.putIdleConnError == null;
    }

    /** {@code wait100Continue → got100Continue}, or {@code null} when no {@code 100 Continue} was awaited or came. */
    @Nullable Duration continueWait() {
        return between(this.wait100Continue, this.got100Continue);
    }

    /** {@code wait100Continue → wroteRequest}: waiting for {@code 100 Continue}, then sending the body. */
    @Nullable Duration continueWaitAndBody() {
        return between(this.wait100Continue, this.wroteRequest);
    }

    /** Whether the request was sent with {@code Expect: 100-continue} (the transport waited for the server). */
    boolean expectedContinue() {
        return this.wait100Continue != ABSENT;
    }

    private long finalResponseStart() {
        return this.interimResponses > 0 ? this.responseReceived : this.firstByte;
    }

    private @Nullable Span span(long start, long end, boolean failed) {
        if (this.requestStart == ABSENT || start == ABSENT || end == ABSENT) {
            return null;
        }
        return new Span(start - this.requestStart, end - this.requestStart, failed);
    }

    private static @Nullable Duration between(long start, long end) {
        return (start == ABSENT || end == ABSENT) ? null : Duration.ofNanos(end - start);
    }

    private void resetAttempt() {
        this.dnsStart = ABSENT;
        this.dnsDone = ABSENT;
        this.dnsError = null;
        this.connectStart = ABSENT;
        this.connectDone = ABSENT;
        this.connectError = null;
        this.connectAttempts = 0;
        this.tlsStart = ABSENT;
        this.tlsDone = ABSENT;
        this.tlsError = null;
        this.tls = null;
        this.gotConn = ABSENT;
        this.connection = null;
        this.wait100Continue = ABSENT;
        this.got100Continue = ABSENT;
        this.interimResponses = 0;
        this.wroteRequest = ABSENT;
        this.firstByte = ABSENT;
        this.putIdleConn = false;
        this.putIdleConnError = null;
    }
}
