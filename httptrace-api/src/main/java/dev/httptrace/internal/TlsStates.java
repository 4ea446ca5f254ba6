package dev.httptrace.internal;

import java.security.cert.Certificate;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.httptrace.TlsConnectionState;
import org.jspecify.annotations.Nullable;

/** The {@link TlsConnectionState} of a TLS session, for every transport's {@code tlsHandshakeDone}. Not API. */
public final class TlsStates {

    private TlsStates() {
    }

    /** A completed handshake's state: {@code session}'s protocol, cipher suite and peer chain, and the ALPN agreed. */
    public static TlsConnectionState completed(SSLSession session, @Nullable String alpn, @Nullable String serverName) {
        List<Certificate> peers;
        try {
            peers = List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException ex) {
            peers = List.of();
        }
        return new TlsConnectionState(session.getProtocol(), session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? null : alpn, serverName, peers, true);
    }

    /** A failed handshake's state: nothing agreed. */
    public static TlsConnectionState failed(@Nullable String serverName) {
        return new TlsConnectionState("", "", null, serverName, List.of(), false);
    }
}
