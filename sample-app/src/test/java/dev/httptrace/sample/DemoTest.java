package dev.httptrace.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a newcomer runs it, on a random port: the demo's calls to its own HTTP and HTTPS endpoints print
 * their waterfalls, and the actuator serves their {@code httptrace.*} timers in Prometheus format over HTTP.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class DemoTest {

    private static final Pattern MILLIS = Pattern.compile("\\d+\\.\\d ms");

    /** The demo's output, made once (by the first test that needs it) for the whole class. */
    private static String demoOutput;

    @Autowired
    DemoRunner demo;

    @LocalServerPort
    int port;

    @Test
    void freshHttpsCallShowsEveryPhase() {
        String https = block(3);
        assertThat(https).contains("GET https://localhost:", "new connection", "TLSv1.3 TLS_");
        // the sample reads each body to its end inside the exchange: the connection goes back before the span ends
        assertThat(row(https, "  trace ")).matches("  trace [0-9a-f]{32}: span \"http get\", 14 events \\(ms from its "
                + "start\\): getConn \\d+\\.\\d{3} · dnsStart .* · tlsHandshakeStart .* · tlsHandshakeDone .* · gotConn .*"
                + " · gotFinalResponse .* · responseBodyDone .* · putIdleConn \\d+\\.\\d{3}");
        assertThat(phases(https)).hasSize(7).allMatch((cell) -> MILLIS.matcher(cell).matches());
        assertThat(elapsed(https)).hasSize(7).allMatch((cell) -> MILLIS.matcher(cell).matches());
    }

    @Test
    void secondHttpCallReusesTheConnectionAndShowsNoConnectionPhases() {
        String first = block(1);
        assertThat(first).contains("GET http://localhost:" + this.port + "/demo/hello", "new connection");
        List<String> firstPhases = phases(first);
        assertThat(firstPhases).hasSize(7);
        assertThat(firstPhases.get(3)).as("TLS handshake of a plain HTTP call").isEqualTo(WaterfallPrinter.ABSENT);
        assertThat(List.of(firstPhases.get(0), firstPhases.get(1), firstPhases.get(2), firstPhases.get(4),
                firstPhases.get(5), firstPhases.get(6))).allMatch((cell) -> MILLIS.matcher(cell).matches());

        String second = block(2);
        assertThat(second).contains("reused connection", "idle ");
        assertThat(localPort(second)).isEqualTo(localPort(first));
        assertThat(phases(second).subList(1, 4)).as("DNS, connect, TLS of a reused connection")
                .containsOnly(WaterfallPrinter.ABSENT);
        assertThat(phases(second).subList(4, 7)).allMatch((cell) -> MILLIS.matcher(cell).matches());
    }

    @Test
    void postWithExpectContinueGetsOneHundredContinueBeforeSendingItsBody() {
        String post = block(5);
        assertThat(post).contains("POST http://localhost:" + this.port + "/demo/upload", "200 OK",
                "Expect: 100-continue: \"100 Continue\" came after");
    }

    @Test
    void webClientCallIsTracedLikeTheRestClientOnesOnAConnectionOfItsOwn() {
        String reactive = block(6);
        assertThat(reactive).contains("GET http://localhost:" + this.port + "/demo/hello", "200 OK", "new connection");
        assertThat(localPort(reactive)).as("Reactor Netty's own pool").isNotEqualTo(localPort(block(1)));
        List<String> phases = phases(reactive);
        assertThat(phases).hasSize(7);
        assertThat(phases.get(3)).as("TLS handshake of a plain HTTP call").isEqualTo(WaterfallPrinter.ABSENT);
        assertThat(List.of(phases.get(0), phases.get(1), phases.get(2), phases.get(4), phases.get(5), phases.get(6)))
                .allMatch((cell) -> MILLIS.matcher(cell).matches());
        // WebClient stops its observation at the response's head: its span ends with gotFinalResponse
        assertThat(row(reactive, "  trace ")).matches("  trace [0-9a-f]{32}: span \"http get\", 10 events \\(ms from its "
                + "start\\): getConn .* · dnsStart .* · connectDone .* · gotConn .* · wroteRequest .* · "
                + "gotFirstResponseByte .* · gotFinalResponse \\d+\\.\\d{3}");
    }

    @Test
    void refusedPortIsOneErrorLineAndTheDemoGoesOn() {
        String refused = block(7);
        List<String> lines = refused.lines().skip(1).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("error: cannot reach http://127.0.0.1:")
                .contains("ConnectException")
                .matches(".*\\(TCP connect failed after \\d+\\.\\d ms\\)");
        assertThat(lines.get(1)).matches("  trace [0-9a-f]{32}: span \"http get\", \\d+ events .*: getConn .* · connectStart"
                + " .* · connectDone .* · getConnFailed .*");
        assertThat(demoOutput()).contains("Every call went as expected");
    }

    @Test
    void prometheusEndpointServesTheTimersOfTheDemoCalls() throws IOException, InterruptedException {
        demoOutput();
        HttpResponse<String> scrape = actuator("prometheus");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("httptrace_dns_seconds_count{client_name=\"localhost\"",
                "httptrace_connect_seconds_count{client_name=\"localhost\"",
                "httptrace_tls_handshake_seconds_count{client_name=\"localhost\"",
                "httptrace_server_processing_seconds_count{client_name=\"localhost\"");
    }

    @Test
    void exchangesEndpointHasTheDemoCallsPhaseByPhase() throws IOException, InterruptedException {
        demoOutput();
        HttpResponse<String> exchanges = actuator("httpclientexchanges");

        assertThat(exchanges.statusCode()).isEqualTo(200);
        assertThat(exchanges.body()).contains("\"clientName\":\"localhost\"", "\"hook\":\"tlsHandshakeDone\"",
                "\"hook\":\"got100Continue\"", "\"exception\":\"ConnectException\"")
                .containsPattern("\"traceId\":\"[0-9a-f]{32}\"");
        ByteArrayOutputStream urls = new ByteArrayOutputStream();
        this.demo.printMetricsUrls(new PrintStream(urls, true, StandardCharsets.UTF_8));
        assertThat(urls.toString(StandardCharsets.UTF_8)).contains("/actuator/httpclientexchanges/waterfall");
    }

    /**
     * The console and the endpoint show one exchange, from two timelines of the same hooks (the sample's own and the
     * endpoint's): the same connection, the same phases present and absent, the server's 300 ms in both. Their
     * figures differ by what runs between the two traces' stamps of a hook (the other traces, a GC pause), so they are
     * not compared to the microsecond.
     */
    @Test
    void printedSlowCallIsTheEndpointsSlowestExchange() throws IOException, InterruptedException {
        String slow = block(4);
        JsonNode slowest = JsonMapper.builder().build().readTree(actuator("httpclientexchanges").body())
                .get("slowest").get("localhost").get(0);

        assertThat(slow).contains("reused connection " + slowest.get("connection").get("localAddress").asString() + " → "
                + slowest.get("connection").get("remoteAddress").asString());
        List<String> printed = phases(slow);
        List<String> names = List.of("blocked", "dns", "connect", "ssl", "send", "wait", "receive");
        for (int i = 0; i < names.size(); i++) {
            boolean absent = slowest.get("phases").get(names.get(i)).asLong() < 0;
            assertThat(printed.get(i).equals(WaterfallPrinter.ABSENT)).as(names.get(i)).isEqualTo(absent);
        }
        // the server sleeps once it has the request, maybe a moment before the client's wroteRequest: send + wait
        long serverMillis = DemoEndpoints.SLOW.toMillis();
        JsonNode phases = slowest.get("phases");
        assertThat(phases.get("send").asLong() + phases.get("wait").asLong()).isGreaterThanOrEqualTo(serverMillis * 1000);
        assertThat(millis(printed.get(4)) + millis(printed.get(5))).isGreaterThanOrEqualTo(serverMillis - 0.1);
    }

    /** {@code 302.7 ms} as a number; the printed figure is rounded to 0.1 ms. */
    private static double millis(String cell) {
        return Double.parseDouble(cell.replace(" ms", ""));
    }

    /** {@code GET /actuator/{path}} of the running sample, with the JDK's client (not traced). */
    private HttpResponse<String> actuator(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/" + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String demoOutput() {
        synchronized (DemoTest.class) {
            if (demoOutput == null) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                boolean asExpected = this.demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
                demoOutput = bytes.toString(StandardCharsets.UTF_8);
                System.out.print(demoOutput);
                assertThat(asExpected).as("demo went as expected").isTrue();
            }
            return demoOutput;
        }
    }

    /** The output of demo call {@code number}: its {@code [n/7]} heading and what was printed for it. */
    private String block(int number) {
        String output = demoOutput();
        int start = output.indexOf("[" + number + "/7]");
        int end = output.indexOf("\n\n", start);
        assertThat(start).as("call %d in:%n%s", number, output).isNotNegative();
        return output.substring(start, end < 0 ? output.length() : end);
    }

    /** The cells of the {@code phase} row: {@code [ a | b | c | d | e | f | g ]}. */
    private static List<String> phases(String block) {
        String row = row(block, "  phase ");
        return Arrays.stream(row.substring(row.indexOf('[') + 1, row.lastIndexOf(']')).split("\\|"))
                .map(String::trim)
                .toList();
    }

    /** The cells of the {@code elapsed} row. */
    private static List<String> elapsed(String block) {
        String row = row(block, "  elapsed ").substring("  elapsed ".length()).trim();
        return Arrays.stream(row.split(" {2,}")).toList();
    }

    private static String row(String block, String prefix) {
        return block.lines().filter((line) -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix.trim() + "' row in:\n" + block));
    }

    private static String localPort(String block) {
        Matcher connection = Pattern.compile("connection 127\\.0\\.0\\.1:(\\d+) → ").matcher(block);
        assertThat(connection.find()).as("connection in:%n%s", block).isTrue();
        return connection.group(1);
    }
}
