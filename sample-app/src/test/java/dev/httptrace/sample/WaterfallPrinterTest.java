package dev.httptrace.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.WroteRequestInfo;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link WaterfallPrinter} prints, on waterfalls driven by a clock that advances 1.5 ms per reading. */
class WaterfallPrinterTest {

    private long now;

    private final Waterfall waterfall = new Waterfall(() -> this.now += 1_500_000);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Test
    void reusedConnectionPrintsDashesForTheConnectionPhasesInAlignedColumns() {
        this.waterfall.getConn("localhost:8080");
        this.waterfall.gotConn(WaterfallTest.connection(true));
        this.waterfall.wroteRequest(new WroteRequestInfo(null));
        this.waterfall.gotFirstResponseByte();
        this.waterfall.putIdleConn(null);
        this.waterfall.bodyRead();

        printer(false).print(call("http://localhost:8080/demo/hello", new TracedCall.Response(200, 5, null)));

        assertThat(output()).isEqualTo("""
                GET http://localhost:8080/demo/hello
                  200 OK · 5 bytes · total 6.0 ms
                  reused connection 127.0.0.1:50000 → 127.0.0.1:8080, idle 12.0 ms · kept alive
                             DNS lookup   TCP connect   TLS handshake   Server processing   Content transfer
                  phase    [          — |           — |             — |            3.0 ms |           1.5 ms ]
                  elapsed             —             —               —              4.5 ms             6.0 ms
                """);
    }

    @Test
    void newTlsConnectionPrintsEveryPhaseAndItsProtocol() {
        this.waterfall.getConn("localhost:8443");
        this.waterfall.dnsStart(new DnsStartInfo("localhost"));
        this.waterfall.dnsDone(new DnsDoneInfo(List.of(WaterfallTest.loopback()), null, false));
        this.waterfall.connectStart("tcp", "127.0.0.1:8443");
        this.waterfall.connectDone("tcp", "127.0.0.1:8443", null);
        this.waterfall.tlsHandshakeStart();
        this.waterfall.tlsHandshakeDone(WaterfallTest.tls(), null);
        this.waterfall.gotConn(WaterfallTest.connection(false));
        this.waterfall.gotFirstResponseByte();
        this.waterfall.bodyRead();

        printer(false).print(call("https://localhost:8443/hello", new TracedCall.Response(404, 1, null)));

        assertThat(output()).contains("  404 Not Found · 1 byte · total 13.5 ms\n",
                "  new connection 127.0.0.1:50000 → 127.0.0.1:8080 · TLSv1.3 TLS_AES_128_GCM_SHA256 · closed after "
                        + "the response\n",
                "  phase    [     1.5 ms |      1.5 ms |        1.5 ms |            1.5 ms |           1.5 ms ]\n",
                "  elapsed        3.0 ms        6.0 ms          9.0 ms             12.0 ms            13.5 ms\n");
    }

    @Test
    void failedRequestIsOneLineNamingTheInnermostIoExceptionAndTheFailedPhase() {
        this.waterfall.getConn("nope.invalid:443");
        this.waterfall.dnsStart(new DnsStartInfo("nope.invalid"));
        UnknownHostException unknown = new UnknownHostException("nope.invalid");
        this.waterfall.dnsDone(new DnsDoneInfo(List.of(), unknown, false));

        printer(false).print(failed("https://nope.invalid/", unknown));

        assertThat(output()).isEqualTo("error: cannot reach https://nope.invalid/: UnknownHostException nope.invalid "
                + "(DNS lookup failed after 1.5 ms)\n");
    }

    @Test
    void debugModeAddsTheStackTraceToTheErrorLine() {
        printer(true).print(failed("http://127.0.0.1:1/", new java.net.ConnectException("Connection refused")));

        assertThat(output()).startsWith("error: cannot reach http://127.0.0.1:1/: ConnectException Connection refused\n"
                + "org.springframework.web.client.ResourceAccessException: I/O error").contains("\tat ");
    }

    @Test
    void userInfoOfTheUrlIsNeverPrinted() {
        printer(false).print(failed("https://user:secret@nope.invalid/path?q=1", new UnknownHostException("nope")));

        assertThat(output()).startsWith("error: cannot reach https://nope.invalid/path?q=1: ").doesNotContain("secret");
    }

    private WaterfallPrinter printer(boolean debug) {
        return new WaterfallPrinter(new PrintStream(this.bytes, true, StandardCharsets.UTF_8), debug);
    }

    private TracedCall call(String url, TracedCall.Response response) {
        return new TracedCall("GET", URI.create(url), this.waterfall, response, null);
    }

    private TracedCall failed(String url, Exception cause) {
        return new TracedCall("GET", URI.create(url), this.waterfall, null,
                new ResourceAccessException("I/O error on GET request", new java.io.IOException(cause)));
    }

    private String output() {
        return this.bytes.toString(StandardCharsets.UTF_8);
    }
}
