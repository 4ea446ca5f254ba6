package dev.httptrace.benchmarks.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A {@link BenchServer} in a child JVM, started with the class path of this JVM. One per benchmark JVM
 * ({@link #shared()}); JMH forks a JVM per benchmark, so every benchmark gets a fresh server. The child
 * exits when this JVM ends (it watches its standard input, which only this JVM holds), and
 * {@link #close()} / a shutdown hook stop it earlier.
 */
public final class ServerProcess implements AutoCloseable {

    /** The host name the clients use: resolved by the system resolver (so new connections fire the DNS hooks). */
    public static final String HOST = "localhost";

    private static ServerProcess shared;

    private final Process process;

    private final int httpPort;

    private final int httpsPort;

    private final Path caCertificate;

    private ServerProcess(Process process, int httpPort, int httpsPort, Path caCertificate) {
        this.process = process;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.caCertificate = caCertificate;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized ServerProcess shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            ServerProcess started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "bench-server-stop"));
        }
        return shared;
    }

    /** The shared server if one was started and is alive, else {@code null} (the CPU profiler reads its pid). */
    public static synchronized ServerProcess sharedIfStarted() {
        return shared != null && shared.process.isAlive() ? shared : null;
    }

    /** Starts a new server JVM and waits until it accepts connections. */
    public static ServerProcess start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"),
                BenchServer.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = builder.start();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start the benchmark server: " + command, ex);
        }
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            String line = out.readLine();
            if (line == null || !line.startsWith("READY ")) {
                process.destroyForcibly();
                throw new IllegalStateException("benchmark server did not start (exit "
                        + (process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : "?") + "): " + line);
            }
            int http = -1;
            int https = -1;
            Path ca = null;
            for (String field : line.substring(6).split(" ")) {
                String[] kv = field.split("=", 2);
                switch (kv[0]) {
                    case "http" -> http = Integer.parseInt(kv[1]);
                    case "https" -> https = Integer.parseInt(kv[1]);
                    case "ca" -> ca = Path.of(kv[1]);
                    default -> { }
                }
            }
            return new ServerProcess(process, http, https, ca);
        } catch (IOException ex) {
            process.destroyForcibly();
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** {@code http://localhost:<port>/bench}. */
    public URI httpUri() {
        return URI.create("http://" + HOST + ":" + httpPort + "/bench");
    }

    /** {@code https://localhost:<port>/bench}. */
    public URI httpsUri() {
        return URI.create("https://" + HOST + ":" + httpsPort + "/bench");
    }

    /** A new TLS context that trusts the server's generated CA only. */
    public SSLContext clientSslContext() {
        try {
            Certificate ca;
            try (var in = Files.newInputStream(caCertificate)) {
                ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("bench-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the server exits on end of input
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException ex) {
            process.destroyForcibly();
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
