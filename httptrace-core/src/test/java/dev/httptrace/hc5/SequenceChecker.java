package dev.httptrace.hc5;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks one request's recorded hook names against the sequences the transport may produce for HTTP/1.1:
 * any number of failed attempts on a stale pooled connection, then one attempt that leases or connects
 * (DNS, connect, TLS each optional), writes, reads, and is pooled or not.
 */
final class SequenceChecker {

    private static final Pattern VALID = Pattern.compile(
            "(getConn,gotConn,wroteHeaders,wroteRequest,)*"
                    + "getConn,(dnsStart,dnsDone,)?(connectStart,connectDone,)*(tlsHandshakeStart,tlsHandshakeDone,)?"
                    + "gotConn,wroteHeaders,wroteRequest,gotFirstResponseByte(,putIdleConn)?");

    private SequenceChecker() {
    }

    /** Null when valid, else why not. */
    static String check(List<String> names, boolean tls, boolean pooled) {
        String joined = String.join(",", names);
        if (!VALID.matcher(joined).matches()) {
            return "not a valid sequence: " + joined;
        }
        boolean fresh = joined.contains("connectStart");
        if (tls && fresh && !joined.contains("tlsHandshakeDone")) {
            return "a new TLS connection without handshake: " + joined;
        }
        if (!tls && joined.contains("tlsHandshake")) {
            return "a handshake on plain HTTP: " + joined;
        }
        if (pooled != joined.endsWith("putIdleConn")) {
            return (pooled ? "keep-alive connection not pooled: " : "closed connection pooled: ") + joined;
        }
        return null;
    }
}
