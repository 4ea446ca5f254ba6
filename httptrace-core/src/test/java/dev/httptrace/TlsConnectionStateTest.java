package dev.httptrace;

import java.lang.reflect.RecordComponent;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the TLS hook exposes: public facts of the session, never keys or session secrets. */
class TlsConnectionStateTest {

    @Test
    void carriesOnlyProtocolCipherAlpnServerNameCertificatesAndOutcome() {
        assertThat(Arrays.stream(TlsConnectionState.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("protocol", "cipherSuite", "negotiatedProtocol", "serverName", "peerCertificates",
                        "handshakeComplete");
        assertThat(Arrays.stream(TlsConnectionState.class.getRecordComponents()).map(RecordComponent::getType))
                .containsExactly(String.class, String.class, String.class, String.class, List.class, boolean.class);
    }

    @Test
    void peerCertificatesAreAnImmutableCopy() {
        List<Certificate> given = new ArrayList<>();
        TlsConnectionState state = new TlsConnectionState("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, "localhost", given, true);

        assertThat(state.peerCertificates()).isNotSameAs(given);
        assertThat(state.peerCertificates()).isUnmodifiable();
    }
}
