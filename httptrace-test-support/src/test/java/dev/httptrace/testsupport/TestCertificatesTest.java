package dev.httptrace.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    private static final int DNS = 2;
    private static final int IP = 7;

    private final TestCertificates certs = TestCertificates.generate("127.0.0.1", "::1", "localhost", "other.test");

    @Test
    void subjectAltNamesAreIpAddressesAndDnsNames() throws Exception {
        assertThat(certs.serverCertificate().getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1"),
                List.of(DNS, "localhost"), List.of(DNS, "other.test"));
    }

    @Test
    void withoutNamesTheServerCertificateCoversTheLoopbackNames() throws Exception {
        assertThat(TestCertificates.generate().serverCertificate().getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1"),
                        List.of(DNS, "localhost"));
    }

    @Test
    void chainVerifiesAgainstTheCa() throws Exception {
        X509Certificate ca = certs.caCertificate();
        X509Certificate server = certs.serverCertificate();
        ca.verify(ca.getPublicKey());
        server.verify(ca.getPublicKey());
        assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());

        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(server)), parameters);
    }

    @Test
    void extensionsAndValidityAreAsDocumented() throws Exception {
        X509Certificate ca = certs.caCertificate();
        X509Certificate server = certs.serverCertificate();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectX500Principal().getName()).startsWith("CN=127.0.0.1");

        Instant now = Instant.now();
        assertThat(server.getNotBefore().toInstant()).isCloseTo(now.minus(Duration.ofHours(1)), within(1, ChronoUnit.MINUTES));
        assertThat(server.getNotAfter().toInstant()).isCloseTo(now.plus(Duration.ofDays(1)), within(1, ChronoUnit.MINUTES));
        server.checkValidity();
        ca.checkValidity();
    }

    @Test
    void pemRoundTripsThroughCertificateFactoryAndKeyFactory() throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> chain = factory.generateCertificates(
                new ByteArrayInputStream(certs.serverCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(new ArrayList<Certificate>(chain)).containsExactly(certs.serverCertificate(), certs.caCertificate());
        assertThat(factory.generateCertificate(
                new ByteArrayInputStream(certs.caCertificatePem().getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(certs.caCertificate());

        String keyPem = certs.serverPrivateKeyPem();
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(keyPem.replaceAll("-----[A-Z ]+-----", ""))));
        assertSignatureVerifies(key, certs.serverCertificate());
    }

    @Test
    void writesPemFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("nested/pem");
        assertThat(certs.writePemFiles(dir)).isEqualTo(dir);
        assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(certs.caCertificatePem());
        assertThat(Files.readString(dir.resolve("server.crt"))).isEqualTo(certs.serverCertificatePem());
        assertThat(Files.readString(dir.resolve("server.key"))).isEqualTo(certs.serverPrivateKeyPem());
    }

    @Test
    void keyStoresHoldTheServerEntryAndTheCa() throws Exception {
        KeyStore keyStore = certs.keyStore();
        assertThat(keyStore.getType()).isEqualToIgnoringCase("PKCS12");
        assertThat(keyStore.isKeyEntry("server")).isTrue();
        assertThat(List.of(keyStore.getCertificateChain("server"))).containsExactly(certs.serverCertificate(), certs.caCertificate());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        keyStore.store(bytes, certs.keyStorePassword());
        KeyStore reloaded = KeyStore.getInstance("PKCS12");
        reloaded.load(new ByteArrayInputStream(bytes.toByteArray()), certs.keyStorePassword());
        assertSignatureVerifies((PrivateKey) reloaded.getKey("server", certs.keyStorePassword()), certs.serverCertificate());

        KeyStore trustStore = certs.trustStore();
        assertThat(trustStore.size()).isEqualTo(1);
        String alias = trustStore.aliases().nextElement();
        assertThat(trustStore.isCertificateEntry(alias)).isTrue();
        assertThat(trustStore.getCertificate(alias)).isEqualTo(certs.caCertificate());
    }

    @Test
    void mutableResultsAreFreshCopies() {
        char[] password = certs.keyStorePassword();
        password[0] = 'X';
        assertThat(certs.keyStorePassword()).isNotEqualTo(password);
        assertThat(certs.keyStore()).isNotSameAs(certs.keyStore());
        assertThat(certs.clientSslContext()).isNotSameAs(certs.clientSslContext());
    }

    @Test
    void eachGenerationMakesANewCa() {
        assertThat(TestCertificates.generate("localhost").caCertificate()).isNotEqualTo(certs.caCertificate());
    }

    private static void assertSignatureVerifies(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }
}
