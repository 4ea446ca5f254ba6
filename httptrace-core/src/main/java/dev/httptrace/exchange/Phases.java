package dev.httptrace.exchange;

import java.util.List;
import java.util.Locale;

import dev.httptrace.exchange.ExchangeTimeline.Mark;

/**
 * The phases of one attempt, in nanoseconds, as HAR 1.2's {@code timings} and Chrome's Timing tab name them. They
 * follow each other without gaps from {@code getConn}, so {@code blocked + dns + connect + send + wait + receive}
 * is the attempt's {@link ExchangeTimeline#total() total} ({@code ssl} lies inside {@code connect}, as HAR says).
 * {@link #ABSENT} ({@code -1}) marks a phase that did not happen.
 *
 * @param blockedNanos waiting for a connection: {@code getConn} to the lookup, the connect or {@code gotConn} (for a
 *     reused connection, the pool lease); the whole attempt when no connection came (a lease timeout). Never
 *     {@code -1}
 * @param dnsNanos the host name lookup: {@code dnsStart} to the first {@code connectStart} (to the end of the attempt
 *     when the lookup failed); {@code -1} when there was none (a reused connection, an IP literal)
 * @param connectNanos the new connection: the first {@code connectStart} to {@code gotConn}, every address tried and the
 *     TLS handshake included (to the end of the attempt when it failed); {@code -1} for a reused connection
 * @param sslNanos the TLS handshake, host name check included: {@code tlsHandshakeStart} to {@code gotConn} (to the end
 *     of the attempt when it failed); {@code -1} when there was none
 * @param sendNanos writing the request: {@code gotConn} to {@code wroteRequest} (the wait for {@code 100 Continue}
 *     included), or to the final response when it came first; {@code 0} when no connection came
 * @param waitNanos the server: {@code wroteRequest} to the final response's first byte (for a response after an
 *     interim {@code 1xx}, to its head: {@code gotFinalResponse}), or to the failure that ended the wait; {@code 0}
 *     when nothing was sent
 * @param receiveNanos the final response: its first byte to {@code responseBodyDone}; {@code 0} when none came
 */
public record Phases(long blockedNanos, long dnsNanos, long connectNanos, long sslNanos, long sendNanos, long waitNanos,
        long receiveNanos) {

    /** The value of a phase that did not happen. */
    public static final long ABSENT = -1;

    /** HAR's names of {@link #toArray()}'s elements, in that order. */
    public static final List<String> NAMES = List.of("blocked", "dns", "connect", "ssl", "send", "wait", "receive");

    static Phases of(ExchangeTimeline t) {
        long end = t.endNanos();
        long connectionStart = t.first(Mark.DNS_START, Mark.CONNECT_START, Mark.TLS_START, Mark.GOT_CONN);
        long blocked = connectionStart < 0 ? end : connectionStart;
        long dns = span(t.offsetNanos(Mark.DNS_START), t.offsetNanos(Mark.CONNECT_START), end);
        long connect = span(t.offsetNanos(Mark.CONNECT_START), t.offsetNanos(Mark.GOT_CONN), end);
        long ssl = span(t.offsetNanos(Mark.TLS_START), t.offsetNanos(Mark.GOT_CONN), end);
        long gotConn = t.offsetNanos(Mark.GOT_CONN);
        long wrote = t.offsetNanos(Mark.WROTE_REQUEST);
        long interim = t.first(Mark.GOT_100_CONTINUE, Mark.GOT_1XX);
        long response = interim >= 0 ? t.offsetNanos(Mark.FINAL_RESPONSE) : t.first(Mark.FIRST_BYTE, Mark.FINAL_RESPONSE);
        long send = 0;
        long wait = 0;
        long receive = 0;
        if (gotConn >= 0) {
            long sendEnd = wrote >= 0 ? wrote : end;
            if (response >= 0 && response < sendEnd) {
                sendEnd = response;
            }
            send = Math.max(0, sendEnd - gotConn);
            if (wrote >= 0) {
                wait = Math.max(0, (response >= 0 ? response : end) - Math.max(wrote, gotConn));
            }
            if (response >= 0) {
                receive = Math.max(0, end - response);
            }
        }
        return new Phases(blocked, dns, connect, ssl, send, wait, receive);
    }

    private static long span(long start, long end, long attemptEnd) {
        if (start < 0) {
            return ABSENT;
        }
        return Math.max(0, (end >= start ? end : attemptEnd) - start);
    }

    /** The phases in HAR's order, with their HAR names: {@code blocked, dns, connect, ssl, send, wait, receive}. */
    public long[] toArray() {
        return new long[] {blockedNanos, dnsNanos, connectNanos, sslNanos, sendNanos, waitNanos, receiveNanos};
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        long[] values = toArray();
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : " ").append(NAMES.get(i)).append('=')
                    .append(values[i] < 0 ? "-" : String.format(Locale.ROOT, "%.3fms", values[i] / 1e6));
        }
        return text.toString();
    }
}
