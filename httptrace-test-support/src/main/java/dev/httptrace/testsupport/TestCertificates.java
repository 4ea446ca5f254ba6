package dev.httptrace.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A throw-away PKI made in memory: a self-signed CA and a server certificate issued by it, both on EC
 * P-256 keys signed with SHA256withECDSA. BouncyCastle only builds the certificates; keys, signatures and
 * TLS use the JDK's own providers (no provider is registered).
 *
 * <p>Instances are immutable; every accessor that returns a mutable object ({@link KeyStore},
 * {@link SSLContext}, {@code char[]}) returns a new one, so each TLS client or server gets its own
 * session cache and no TLS session is resumed across fixtures.
 */
public final class TestCertificates {

    /** Alias of the server's key entry in {@link #keyStore()}. */
    private static final String SERVER_ALIAS = "server";
    private static final String CA_ALIAS = "ca";
    private static final String PASSWORD = "changeit";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String[] DEFAULT_NAMES = {"127.0.0.1", "::1", "localhost"};

    private final X509Certificate caCertificate;
    private final X509Certificate serverCertificate;
    private final PrivateKey serverKey;

    private TestCertificates(X509Certificate caCertificate, X509Certificate serverCertificate, PrivateKey serverKey) {
        this.caCertificate = caCertificate;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
    }

    /**
     * Generates a new CA and a server certificate for the given names.
     *
     * <p>The CA ({@code CN=httptrace test CA}) is valid from one hour ago for two days and has
     * {@code basicConstraints CA=true} (critical) and key usage keyCertSign/cRLSign. The server certificate
     * (subject {@code CN=} the first name) is valid from one hour ago for one day and has
     * {@code basicConstraints CA=false}, key usage digitalSignature, extended key usage serverAuth and one
     * subjectAltName per entry: an IPv4 or IPv6 literal becomes an iPAddress name, anything else a dNSName.
     *
     * @param subjectAltNames the server's names; none means {@code 127.0.0.1}, {@code ::1} and {@code localhost}
     * @return the new certificates
     * @throws IllegalArgumentException if a name is blank
     * @throws IllegalStateException if the JDK cannot generate keys or sign
     */
    public static TestCertificates generate(String... subjectAltNames) {
        String[] names = subjectAltNames.length == 0 ? DEFAULT_NAMES : subjectAltNames.clone();
        GeneralName[] generalNames = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            String name = Objects.requireNonNull(names[i], "subjectAltNames[" + i + "]").trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("blank subjectAltName at index " + i);
            }
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            names[i] = name;
            generalNames[i] = IPAddress.isValid(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name);
        }
        try {
            SecureRandom random = new SecureRandom();
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            KeyPair caKeys = newKeyPair(random);
            X500Principal caName = new X500Principal("CN=httptrace test CA, O=httptrace tests");
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(random), notBefore,
                    Date.from(now.plus(Duration.ofDays(2))), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCert = sign(ca, caKeys.getPrivate());

            KeyPair serverKeys = newKeyPair(random);
            X500Principal serverName = new X500Principal("CN=" + escapeRdn(names[0]) + ", O=httptrace tests");
            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCert, serial(random), notBefore,
                    Date.from(now.plus(Duration.ofDays(1))), serverName, serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(generalNames))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(caCert));
            X509Certificate serverCert = sign(server, caKeys.getPrivate());
            serverCert.verify(caCert.getPublicKey());

            return new TestCertificates(caCert, serverCert, serverKeys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    /** @return a new TLS context whose key manager presents the server key with the chain server, CA */
    public SSLContext serverSslContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a new TLS context that trusts this CA only and presents no client certificate */
    public SSLContext clientSslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a new PKCS12 key store holding the CA certificate only, as trusted entry {@code "ca"} */
    public KeyStore trustStore() {
        KeyStore store = emptyPkcs12();
        try {
            store.setCertificateEntry(CA_ALIAS, caCertificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    /**
     * @return a new PKCS12 key store holding the server key and the chain server, CA as key entry
     *     {@code "server"}, protected by {@link #keyStorePassword()}
     */
    public KeyStore keyStore() {
        KeyStore store = emptyPkcs12();
        try {
            store.setKeyEntry(SERVER_ALIAS, serverKey, PASSWORD.toCharArray(),
                    new Certificate[] {serverCertificate, caCertificate});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    /** @return a copy of the password of {@link #keyStore()} and its key entry */
    public char[] keyStorePassword() {
        return PASSWORD.toCharArray();
    }

    /** @return the self-signed CA certificate */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** @return the server (leaf) certificate, issued by {@link #caCertificate()} */
    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** @return the CA certificate as one PEM {@code CERTIFICATE} block */
    public String caCertificatePem() {
        return pem("CERTIFICATE", encoded(caCertificate));
    }

    /** @return the server chain as PEM: the server certificate, then the CA certificate */
    public String serverCertificatePem() {
        return pem("CERTIFICATE", encoded(serverCertificate)) + caCertificatePem();
    }

    /** @return the server's private key as an unencrypted PKCS#8 PEM block ({@code BEGIN PRIVATE KEY}) */
    public String serverPrivateKeyPem() {
        return pem("PRIVATE KEY", serverKey.getEncoded());
    }

    /**
     * Writes {@code ca.crt} ({@link #caCertificatePem()}), {@code server.crt} ({@link #serverCertificatePem()})
     * and {@code server.key} ({@link #serverPrivateKeyPem()}) into {@code dir}, creating it if needed and
     * replacing existing files.
     *
     * @param dir the target directory
     * @return {@code dir}
     * @throws UncheckedIOException if a file cannot be written
     */
    public Path writePemFiles(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("ca.crt"), caCertificatePem(), StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("server.crt"), serverCertificatePem(), StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("server.key"), serverPrivateKeyPem(), StandardCharsets.US_ASCII);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair newKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static String escapeRdn(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (",+\"\\<>;=".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static KeyStore emptyPkcs12() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "TestCertificates[" + serverCertificate.getSubjectX500Principal().getName() + "]";
    }
}
