package dev.httptrace.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import dev.httptrace.ClientTrace;
import dev.httptrace.ConnectionInfo;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.exchange.ExchangeTraceFactory;
import dev.httptrace.exchange.Phases;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link WaterfallPrinter} prints, for exchange timelines whose hooks a test fires by hand (real clock): the
 * layout exactly, and every figure as the timeline has it.
 */
class WaterfallPrinterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Test
    void reusedConnectionPrintsDashesForTheConnectionPhasesInAlignedColumns() {
        TracedCall call = call("http://localhost:8080/demo/hello", new TracedCall.Response(200, 5, null), (trace) -> {
            trace.getConn("localhost:8080");
            trace.gotConn(connection(true));
            exchange(trace, 200);
        });

        printer(false).print(call);

        List<String> lines = output().lines().toList();
        Phases phases = call.lastAttempt().phases();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("GET http://localhost:8080/demo/hello");
        assertThat(lines.get(1)).isEqualTo("  200 OK · 5 bytes · total "
                + WaterfallPrinter.millis(call.lastAttempt().total().toNanos()));
        assertThat(lines.get(2)).isEqualTo("  reused connection 127.0.0.1:50000 → 127.0.0.1:8080, idle 12.0 ms");
        assertThat(lines.get(3)).isEqualTo(
                "               Blocked   DNS lookup     Connect   of it TLS        Send   Wait (server)     Receive");
        assertThat(cells(lines.get(4))).containsExactly(WaterfallPrinter.millis(phases.blockedNanos()),
                WaterfallPrinter.ABSENT, WaterfallPrinter.ABSENT, WaterfallPrinter.ABSENT,
                WaterfallPrinter.millis(phases.sendNanos()), WaterfallPrinter.millis(phases.waitNanos()),
                WaterfallPrinter.millis(phases.receiveNanos()));
        assertThat(lines.get(4)).startsWith("  phase    [ ").endsWith(" ]");
        long send = phases.blockedNanos() + phases.sendNanos();
        assertThat(lines.get(5).substring("  elapsed ".length()).trim().split(" {2,}")).containsExactly(
                WaterfallPrinter.millis(phases.blockedNanos()), WaterfallPrinter.ABSENT, WaterfallPrinter.ABSENT,
                WaterfallPrinter.ABSENT, WaterfallPrinter.millis(send),
                WaterfallPrinter.millis(send + phases.waitNanos()),
                WaterfallPrinter.millis(send + phases.waitNanos() + phases.receiveNanos()));
        assertThat(columnEnds(lines.get(3))).as("the cells right-aligned under their labels")
                .isEqualTo(columnEnds(lines.get(5)));
    }

    @Test
    void newTlsConnectionPrintsEveryPhaseWithTlsInsideConnect() {
        TracedCall call = call("https://localhost:8443/hello", new TracedCall.Response(404, 1, null), (trace) -> {
            trace.getConn("localhost:8443");
            trace.dnsStart(new DnsStartInfo("localhost"));
            trace.dnsDone(new DnsDoneInfo(List.of(loopback()), null, false));
            trace.connectStart("tcp", "127.0.0.1:8443");
            trace.connectDone("tcp", "127.0.0.1:8443", null);
            trace.tlsHandshakeStart();
            trace.tlsHandshakeDone(tls(), null);
            trace.gotConn(connection(false));
            exchange(trace, 404);
        });

        printer(false).print(call);

        List<String> lines = output().lines().toList();
        long[] phases = call.lastAttempt().phases().toArray();
        assertThat(lines.get(1)).startsWith("  404 Not Found · 1 byte · total ");
        assertThat(lines.get(2)).isEqualTo("  new connection 127.0.0.1:50000 → 127.0.0.1:8080 · TLSv1.3 "
                + "TLS_AES_128_GCM_SHA256");
        assertThat(cells(lines.get(4))).containsExactly(Arrays.stream(phases).mapToObj(WaterfallPrinter::millis)
                .toArray(String[]::new));
        String[] elapsed = lines.get(5).substring("  elapsed ".length()).trim().split(" {2,}");
        assertThat(elapsed[3]).as("the handshake ends with the connect").isEqualTo(elapsed[2]);
        assertThat(elapsed[6]).isEqualTo(WaterfallPrinter.millis(phases[0] + phases[1] + phases[2] + phases[4]
                + phases[5] + phases[6]));
    }

    @Test
    void expectContinueIsANoteWithTheWaitAndTheBody() {
        TracedCall call = call("http://localhost:8080/upload", new TracedCall.Response(200, 2, null), (trace) -> {
            trace.getConn("localhost:8080");
            trace.gotConn(connection(true));
            trace.wroteHeaders();
            trace.wait100Continue();
            trace.got100Continue();
            trace.wroteRequest(new WroteRequestInfo(null));
            trace.gotFirstResponseByte();
            trace.gotFinalResponse(200);
            trace.responseBodyDone(ResponseBodyInfo.OK);
        });

        printer(false).print(call);

        assertThat(output()).containsPattern(
                "\n  Expect: 100-continue: \"100 Continue\" came after \\d+\\.\\d ms, the body was sent \\d+\\.\\d ms "
                        + "later \\(both in send\\)\n$");
    }

    @Test
    void failedLookupIsOneLineNamingTheInnermostIoExceptionAndTheFailedStage() {
        UnknownHostException unknown = new UnknownHostException("nope.invalid");
        TracedCall call = failed("https://nope.invalid/", unknown, (trace) -> {
            trace.getConn("nope.invalid:443");
            trace.dnsStart(new DnsStartInfo("nope.invalid"));
            trace.dnsDone(new DnsDoneInfo(List.of(), unknown, false));
            trace.getConnFailed(unknown);
        });

        printer(false).print(call);

        assertThat(output()).isEqualTo("error: cannot reach https://nope.invalid/: UnknownHostException nope.invalid "
                + "(DNS lookup failed after " + WaterfallPrinter.millis(call.lastAttempt().phases().dnsNanos()) + ")\n");
    }

    @Test
    void refusedConnectNamesTheConnect() {
        ConnectException refused = new ConnectException("Connection refused");
        TracedCall call = failed("http://127.0.0.1:1/", refused, (trace) -> {
            trace.getConn("127.0.0.1:1");
            trace.connectStart("tcp", "127.0.0.1:1");
            trace.connectDone("tcp", "127.0.0.1:1", refused);
            trace.getConnFailed(refused);
        });

        printer(false).print(call);

        assertThat(output()).isEqualTo("error: cannot reach http://127.0.0.1:1/: ConnectException Connection refused "
                + "(TCP connect failed after " + WaterfallPrinter.millis(call.lastAttempt().phases().connectNanos())
                + ")\n");
    }

    @Test
    void retriedRequestSaysSoAndPrintsTheLastAttempt() {
        TracedCall call = call("http://localhost:8080/", new TracedCall.Response(200, 2, null), (trace) -> {
            trace.getConn("localhost:8080");
            trace.gotConn(connection(true));
            trace.exchangeFailed(new java.net.SocketException("Connection reset"));
            trace.getConn("localhost:8080");
            trace.connectStart("tcp", "127.0.0.1:8080");
            trace.connectDone("tcp", "127.0.0.1:8080", null);
            trace.gotConn(connection(false));
            exchange(trace, 200);
        });

        printer(false).print(call);

        assertThat(call.attempts()).hasSize(2);
        assertThat(output()).contains("  new connection 127.0.0.1:50000 → 127.0.0.1:8080\n",
                "  HttpClient sent this request 2 times (a retry): the phases are the last attempt's\n");
    }

    @Test
    void debugModeAddsTheStackTraceToTheErrorLine() {
        printer(true).print(failed("http://127.0.0.1:1/", new ConnectException("Connection refused"), (trace) -> { }));

        assertThat(output()).startsWith("error: cannot reach http://127.0.0.1:1/: ConnectException Connection refused\n"
                + "org.springframework.web.client.ResourceAccessException: I/O error").contains("\tat ");
    }

    @Test
    void userInfoOfTheUrlIsNeverPrinted() {
        printer(false).print(failed("https://user:secret@nope.invalid/path?q=1", new UnknownHostException("nope"),
                (trace) -> { }));

        assertThat(output()).startsWith("error: cannot reach https://nope.invalid/path?q=1: ").doesNotContain("secret");
    }

    /** The hooks of a request and response over the connection obtained. */
    private static void exchange(ClientTrace trace, int status) {
        trace.wroteHeaders();
        trace.wroteRequest(new WroteRequestInfo(null));
        trace.gotFirstResponseByte();
        trace.gotFinalResponse(status);
        trace.responseBodyDone(ResponseBodyInfo.OK);
    }

    private static TracedCall call(String url, TracedCall.Response response, Consumer<ClientTrace> hooks) {
        return new TracedCall("GET", URI.create(url), attempts(url, hooks), response, null);
    }

    private static TracedCall failed(String url, Exception cause, Consumer<ClientTrace> hooks) {
        return new TracedCall("GET", URI.create(url), attempts(url, hooks), null,
                new ResourceAccessException("I/O error on GET request", new IOException(cause)));
    }

    private static List<ExchangeTimeline> attempts(String url, Consumer<ClientTrace> hooks) {
        List<ExchangeTimeline> attempts = new ArrayList<>();
        hooks.accept(ExchangeTraceFactory.trace("GET", URI.create(url), (attempt) -> attempts.add(attempt.copy())));
        return attempts;
    }

    private static List<String> cells(String phaseRow) {
        return Arrays.stream(phaseRow.substring(phaseRow.indexOf('[') + 1, phaseRow.lastIndexOf(']')).split("\\|"))
                .map(String::trim).toList();
    }

    /** Where the row's cells end, after its label: a run of text followed by two spaces or the end of the line. */
    private static List<Integer> columnEnds(String row) {
        List<Integer> ends = new ArrayList<>();
        for (int i = "  elapsed ".length() + 1; i <= row.length(); i++) {
            boolean cellEnds = row.charAt(i - 1) != ' '
                    && (i == row.length() || (row.charAt(i) == ' ' && i + 1 < row.length() && row.charAt(i + 1) == ' '));
            if (cellEnds) {
                ends.add(i);
            }
        }
        return ends;
    }

    private WaterfallPrinter printer(boolean debug) {
        return new WaterfallPrinter(new PrintStream(this.bytes, true, StandardCharsets.UTF_8), debug);
    }

    private String output() {
        return this.bytes.toString(StandardCharsets.UTF_8);
    }

    private static GotConnInfo connection(boolean reused) {
        InetSocketAddress local = new InetSocketAddress(loopback(), 50000);
        InetSocketAddress remote = new InetSocketAddress(loopback(), 8080);
        return new GotConnInfo(new ConnectionInfo("http-outgoing-0", local, remote), reused, reused,
                reused ? Duration.ofMillis(12) : Duration.ZERO);
    }

    private static TlsConnectionState tls() {
        return new TlsConnectionState("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, "localhost", List.of(), true);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
        } catch (UnknownHostException ex) {
            throw new AssertionError(ex);
        }
    }
}
