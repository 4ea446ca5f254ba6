package dev.httptrace.sample;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.function.Supplier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The default run: seven calls to the application's own endpoints ({@link DemoEndpoints} over HTTP,
 * {@link DemoTlsServer} over HTTPS), each through an injected {@link RestClient} (one through Boot's {@link WebClient})
 * with its own exchange timeline ({@link TracedCall}), each printed by {@link WaterfallPrinter}. Together they show
 * every phase: a new HTTP connection, the same connection reused, a new HTTPS connection, a slow endpoint, a
 * {@code POST} with {@code Expect: 100-continue}, the first call through WebClient, and a port where nothing listens
 * (an error line; the demo goes on). After each, the call's span as Boot's tracing exported it, with
 * httptrace's span events ({@link DemoSpans}). Unprinted warm-up calls to {@code 127.0.0.1} come first.
 */
@Component
@ConditionalOnWebApplication
final class DemoRunner {

    private static final int CALLS = 7;

    /** Trusts the JDK's default CAs only, like any client of the application. */
    private final RestClient http;

    /** Trusts the demo CA, through the SSL bundle and Boot's {@link RestClientSsl}; for the demo calls only. */
    private final RestClient https;

    /** Boot's WebClient, on Reactor Netty: its own connection pool. */
    private final WebClient webClient;

    private final DemoTlsServer tlsServer;

    private final Environment environment;

    private final DemoSpans spans;

    DemoRunner(RestClient.Builder restClientBuilder, RestClientSsl ssl, WebClient.Builder webClientBuilder,
            DemoTlsServer tlsServer, Environment environment, DemoSpans spans) {
        this.http = restClientBuilder.clone().build();
        this.webClient = webClientBuilder.build();
        this.https = restClientBuilder.clone().apply(ssl.fromBundle(DemoTlsServer.BUNDLE)).build();
        this.tlsServer = tlsServer;
        this.environment = environment;
        this.spans = spans;
    }

    /**
     * Makes the seven calls and prints their waterfalls to {@code out}.
     *
     * @return whether every call went as it should: the first six got a 2xx response, the last was refused
     */
    boolean run(PrintStream out, boolean debug) {
        WaterfallPrinter printer = new WaterfallPrinter(out, debug);
        int serverPort = serverPort();
        String origin = "http://localhost:" + serverPort;
        String tlsOrigin = "https://localhost:" + this.tlsServer.port();
        out.println("httptrace sample: " + CALLS + " calls through the application's RestClient and WebClient, each printed "
                + "from its exchange timeline (what /actuator/httpclientexchanges shows).");
        out.println("Per call: each phase in milliseconds (HAR's and Chrome's phases; TLS is part of connect), and the "
                + "time elapsed when it ended; — = did not happen.");
        out.println("Then the call's span, as Boot's OpenTelemetry tracing exported it, with a span event per hook.");
        out.println("Warm-up first: the same calls to 127.0.0.1, unprinted, so that a fresh JVM's class loading is not "
                + "counted below.");
        warmUp(serverPort);
        this.spans.lastClientSpan(); // the warm-up's spans, not printed
        boolean asExpected = true;
        asExpected &= succeeds(call(out, printer, 1, "a new HTTP connection: DNS lookup and TCP connect, no TLS",
                () -> get(this.http, origin + "/demo/hello")));
        asExpected &= succeeds(call(out, printer, 2, "the same request again: the pooled connection is reused",
                () -> get(this.http, origin + "/demo/hello")));
        asExpected &= succeeds(call(out, printer, 3, "a new HTTPS connection (trusted through the SSL bundle \""
                + DemoTlsServer.BUNDLE + "\"): every phase", () -> get(this.https, tlsOrigin + "/hello")));
        asExpected &= succeeds(call(out, printer, 4, "a slow endpoint: " + DemoEndpoints.SLOW.toMillis()
                + " ms of server processing", () -> get(this.http, origin + "/demo/slow")));
        asExpected &= succeeds(call(out, printer, 5, "a POST with Expect: 100-continue",
                () -> postExpectingContinue(origin + "/demo/upload")));
        asExpected &= succeeds(call(out, printer, 6, "the first request again, through WebClient (Reactor Netty, a "
                + "connection pool of its own): a new connection", () -> get(this.webClient, origin + "/demo/hello")));
        TracedCall refused = call(out, printer, 7, "a port where nothing listens: the call fails, the demo goes on",
                () -> get(this.http, "http://127.0.0.1:" + closedPort() + "/"));
        Exception refusal = refused.error();
        asExpected &= refusal != null && WaterfallPrinter.rootCause(refusal) instanceof ConnectException;
        out.println();
        out.println(asExpected ? "Every call went as expected (the last one fails on purpose)."
                : "Not every call went as expected: see above.");
        return asExpected;
    }

    /** Prints where the {@code httptrace.*} meters and the recorded exchanges of the demo calls can be seen. */
    void printMetricsUrls(PrintStream out) {
        String actuator = "http://localhost:" + serverPort() + "/actuator";
        out.println();
        out.println("The application keeps running (Ctrl+C stops it). The httptrace.* timers of these calls:");
        out.println("  " + actuator + "/prometheus");
        out.println("  " + actuator + "/metrics/httptrace.server.processing");
        out.println("  " + actuator + "/metrics   (every meter: httptrace.dns, httptrace.connect, "
                + "httptrace.tls.handshake, ...)");
        out.println("The calls themselves, phase by phase:");
        out.println("  " + actuator + "/httpclientexchanges/waterfall   (a page; the JSON at "
                + actuator + "/httpclientexchanges, HAR 1.2 at .../har)");
    }

    /**
     * Sends the demo's kinds of requests to {@code 127.0.0.1}: an IP literal (no DNS lookup to cache) and another pool
     * route than {@code localhost}, so the printed calls still get new connections.
     */
    private void warmUp(int serverPort) {
        get(this.http, "http://127.0.0.1:" + serverPort + "/demo/hello");
        get(this.https, "https://127.0.0.1:" + this.tlsServer.port() + "/hello");
        get(this.webClient, "http://127.0.0.1:" + serverPort + "/demo/hello");
        postExpectingContinue("http://127.0.0.1:" + serverPort + "/demo/upload");
    }

    private TracedCall call(PrintStream out, WaterfallPrinter printer, int number, String what,
            Supplier<TracedCall> call) {
        out.println();
        out.println("[" + number + "/" + CALLS + "] " + what);
        TracedCall traced = call.get();
        printer.print(traced);
        String span = this.spans.lastClientSpan();
        if (span != null) {
            out.println("  " + span);
        }
        return traced;
    }

    private static boolean succeeds(TracedCall call) {
        TracedCall.Response response = call.response();
        return response != null && response.status() >= 200 && response.status() < 300;
    }

    private static TracedCall get(RestClient client, String url) {
        URI uri = URI.create(url);
        return TracedCall.send("GET", uri, client.get().uri(uri));
    }

    private static TracedCall get(WebClient client, String url) {
        URI uri = URI.create(url);
        return TracedCall.send("GET", uri, client.get().uri(uri));
    }

    /**
     * The request header is enough: HttpClient 5's request executor waits for {@code 100 Continue} whenever a request
     * with a body carries {@code Expect: 100-continue}, so no client-wide {@code RequestConfig} is needed.
     */
    private TracedCall postExpectingContinue(String url) {
        URI uri = URI.create(url);
        return TracedCall.send("POST", uri, this.http.post().uri(uri)
                .header(HttpHeaders.EXPECT, "100-continue")
                .body("a small upload that waits for the server's go-ahead"));
    }

    private int serverPort() {
        return this.environment.getRequiredProperty("local.server.port", Integer.class);
    }

    /** A port on 127.0.0.1 where nothing listens: an ephemeral port, bound and released at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, DemoTlsServer.loopback())) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
