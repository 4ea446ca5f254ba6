package dev.httptrace;

import java.security.cert.Certificate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ClientTrace#tlsHandshakeDone} is told about the TLS session.
 *
 * @param protocol the JSSE protocol name ({@code TLSv1.3}); empty when the handshake failed
 * @param cipherSuite the JSSE cipher suite name ({@code TLS_AES_128_GCM_SHA256}); empty when the handshake
 *     failed
 * @param negotiatedProtocol the ALPN protocol agreed ({@code http/1.1}), or {@code null} when none was
 * @param serverName the host name the client asked for (SNI and verification), or {@code null} when it
 *     connected to an IP literal
 * @param peerCertificates the server's certificate chain, leaf first; empty when the handshake failed
 * @param handshakeComplete whether the handshake, host name verification included, succeeded
 */
public record TlsConnectionState(String protocol, String cipherSuite, @Nullable String negotiatedProtocol,
        @Nullable String serverName, List<Certificate> peerCertificates, boolean handshakeComplete) {

    public TlsConnectionState {
        peerCertificates = List.copyOf(peerCertificates);
    }
}
