package dev.httptrace;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.httptrace.internal.ComposedClientTrace;
import org.jspecify.annotations.Nullable;

/**
 * Hooks that run at the stages of an outgoing HTTP/1.1 exchange; Go's {@code httptrace.ClientTrace},
 * field by field, as methods. Every method is a no-op by default: implement the ones you need.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>Hooks run synchronously on the thread that executes the request, in the order the transport
 * reaches each stage, except {@link #putIdleConn}, which runs on the thread that consumes or closes
 * the response body (see there). Hooks of one exchange never run concurrently with each other.</li>
 * <li>Every {@code ...Start} is followed by its {@code ...Done} (with an error when the stage failed);
 * {@link #getConn} is followed by {@link #gotConn}, or by {@link #getConnFailed} when no connection was
 * obtained (after the {@code ...Done} hook of the failed stage, when a stage failed).</li>
 * <li>After {@link #gotConn} an attempt ends with {@link #exchangeFailed}, or with
 * {@link #gotFinalResponse} and later {@link #responseBodyDone}, then {@link #putIdleConn} when the
 * connection went back to the pool.</li>
 * <li>A request the client retries (a stale pooled connection, a redirect) starts again at
 * {@link #getConn}: one trace can see several attempts.</li>
 * <li>Hooks must be fast and must not block: they run inside the request. A hook that throws does not
 * break the request, nor stop the hooks after it: the transport logs and counts the exception.</li>
 * <li>A trace may be shared by concurrent requests; then it must be thread-safe. For per-request state,
 * create one trace per request with a {@link ClientTraceFactory}.</li>
 * </ul>
 * A proxy tunnel's {@code CONNECT} exchange is not reported as the user's request: its
 * {@link #wroteHeaders}, {@link #wroteRequest} and response hooks are not fired.
 *
 * <h2>Hooks beyond Go</h2>
 * Go's trace learns how a request ended from {@code RoundTrip}'s error and the body's {@code Close}; a
 * trace here has no such return, so four hooks tell it, in the manner of OkHttp's {@code callFailed} and
 * {@code responseBodyEnd}: {@link #getConnFailed}, {@link #exchangeFailed}, {@link #gotFinalResponse} and
 * {@link #responseBodyDone}. They are marked "Not in Go".
 */
public interface ClientTrace {

    /** A trace whose hooks all do nothing. */
    ClientTrace NONE = new ClientTrace() {
        @Override
        public String toString() {
            return "ClientTrace.NONE";
        }
    };

    /**
     * Before a connection is taken from the pool or created; the first hook of every attempt. Fires even
     * when an idle connection is ready.
     *
     * @param hostPort {@code host:port} of the first hop: the proxy when the request goes through one,
     *     else the target ({@code [::1]:8080} for an IPv6 literal)
     */
    default void getConn(String hostPort) {}

    /**
     * After a connection is ready to carry the request: a pooled one right after it was leased, a new one
     * after TCP connect and, for HTTPS, the TLS handshake. Once per attempt, after {@link #getConn}.
     */
    default void gotConn(GotConnInfo info) {}

    /**
     * When the transport offered the connection back to the pool after the response: {@code null} when
     * the pool took it, else why it refused (for example the client was closed meanwhile). Not fired when
     * the connection is not offered at all: {@code Connection: close}, a broken connection, a request
     * that failed. Runs on the thread that consumes or closes the response body (often not the thread
     * that executed the request), before that {@code close()} returns.
     *
     * <p>Unlike Go, HttpClient 5 drains the rest of a response body that is closed unread (when it is
     * framed by length or chunks) and then pools the connection: this hook then fires with {@code null}.
     */
    default void putIdleConn(@Nullable Throwable err) {}

    /**
     * When the first byte of the response head arrives, read from the decrypted stream (under TLS 1.3
     * a session ticket the server sends before the response does not count). Once per attempt; an
     * interim {@code 100}/{@code 103} line counts as the first byte.
     */
    default void gotFirstResponseByte() {}

    /**
     * When the server answered {@code 100 Continue} to a request sent with {@code Expect: 100-continue},
     * before the body is written. Not fired when the server answered with a final status instead, nor
     * when the client stopped waiting and sent the body (the wait-for-continue timeout, 3 s by default).
     */
    default void got100Continue() {}

    /**
     * For each interim {@code 1xx} response before the final one, {@code 100} included and
     * {@code 101 Switching Protocols} excluded (a final status here, as in Go). After
     * {@link #gotFirstResponseByte}.
     *
     * @param code the status code, 100 to 199
     * @param headers the interim response's header fields; names are matched case-insensitively, values
     *     keep their order; unmodifiable
     */
    default void got1xxResponse(int code, Map<String, List<String>> headers) {}

    /**
     * Before the host name of a new connection is resolved. Not fired for IP literals, nor when a pooled
     * connection is reused.
     */
    default void dnsStart(DnsStartInfo info) {}

    /** After the lookup started by {@link #dnsStart} ended, with its addresses or its error. */
    default void dnsDone(DnsDoneInfo info) {}

    /**
     * Before a TCP connect to one address. HttpClient 5 tries the resolved addresses one after another,
     * so this fires once per attempt, each followed by its {@link #connectDone}.
     *
     * @param network {@code "tcp"}
     * @param addr {@code ip:port}, {@code [ip6]:port} for IPv6
     */
    default void connectStart(String network, String addr) {}

    /**
     * After the TCP connect started by {@link #connectStart} with the same arguments ended.
     *
     * @param err {@code null} when connected, else the failure (a {@link java.net.ConnectException} for a
     *     refused or timed-out connect)
     */
    default void connectDone(String network, String addr, @Nullable Throwable err) {}

    /** Before the TLS handshake of a new HTTPS connection (or of a proxy tunnel to an HTTPS target). */
    default void tlsHandshakeStart() {}

    /**
     * After the TLS handshake, host name verification included, ended.
     *
     * @param state the negotiated parameters; {@link TlsConnectionState#handshakeComplete()} is false when
     *     the handshake failed, and then the state holds only what is known (the server name)
     * @param err {@code null} on success, else the failure (an {@link javax.net.ssl.SSLException})
     */
    default void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {}

    /** After the request line and header fields were written to the connection's buffer. */
    default void wroteHeaders() {}

    /**
     * After the headers of a request with {@code Expect: 100-continue} were flushed, when the transport
     * starts waiting for the server's {@code 100 Continue}. Once per attempt.
     */
    default void wait100Continue() {}

    /**
     * After the whole request was written and flushed, or writing it failed. After {@code 100 Continue}
     * for an expect-continue request; when the server answered a final status instead, fires with a
     * {@code null} error and the body was not sent (HttpClient 5 still sends a body of at most 1 KiB
     * after a 3xx/4xx/5xx, and any body after a 2xx).
     */
    default void wroteRequest(WroteRequestInfo info) {}

    /**
     * Not in Go. When an attempt ends without a connection, after {@link #getConn} and instead of
     * {@link #gotConn}: the pool lease timed out ({@code ConnectionRequestTimeoutException}) or was
     * interrupted, or the lookup, the connect to the last address or the TLS handshake failed (then after
     * that stage's {@code ...Done} hook).
     *
     * @param err what the client threw; the request fails with it (possibly wrapped, as Spring does)
     */
    default void getConnFailed(Throwable err) {}

    /**
     * Not in Go. When the exchange on an obtained connection failed before the final response's head was
     * read: writing the request failed (after {@link #wroteRequest} with that error), or the read timed out
     * or the connection was reset or closed while waiting for the response. The attempt ends here; the
     * client may retry it from {@link #getConn}.
     *
     * @param err what the client threw
     */
    default void exchangeFailed(Throwable err) {}

    /**
     * Not in Go. When the head of the final (non-{@code 1xx}, or {@code 101}) response was read, before its
     * body: after {@link #gotFirstResponseByte}, and after any {@link #got1xxResponse}. For an
     * {@code Expect: 100-continue} request the server accepted, this is the end of the server's time after
     * the body was sent.
     *
     * @param code the status code
     */
    default void gotFinalResponse(int code) {}

    /**
     * Not in Go. When the final response's body ended: its last byte was read, it was closed before the end
     * (HttpClient 5 then reads and drops the rest of a framed body, which this hook waits for), or reading
     * it failed. Right after {@link #gotFinalResponse} when the response has no body. Runs on the thread that
     * reads or closes the body, before {@link #putIdleConn}. Not fired for a body that is never read nor
     * closed.
     */
    default void responseBodyDone(ResponseBodyInfo info) {}

    /**
     * Returns a trace that runs this trace's hook, then {@code next}'s, for every hook (Go's compose
     * order: {@code a.andThen(b)} calls {@code a} first). When a hook of this trace throws, {@code next}'s
     * hook still runs, then the exception is rethrown (with the second one suppressed, when both throw).
     * Compositions flatten: {@code a.andThen(b).andThen(c)} is one composite of three; {@link #NONE} is left out.
     *
     * @throws NullPointerException when {@code next} is null
     */
    default ClientTrace andThen(ClientTrace next) {
        return ComposedClientTrace.of(this, Objects.requireNonNull(next, "next"));
    }
}
