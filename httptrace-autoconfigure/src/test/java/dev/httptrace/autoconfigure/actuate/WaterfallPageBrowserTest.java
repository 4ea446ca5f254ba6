package dev.httptrace.autoconfigure.actuate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code /actuator/httpclientexchanges/waterfall} in a real browser: headless Chromium (Debian's {@code chromium};
 * skipped, saying so, when there is none, except under {@code CI}) loads the page from the running app; the rendered DOM has one row per
 * exchange, every phase label, and bars as wide as their phases; a screenshot lands in
 * {@code target/waterfall.png}.
 */
@SpringBootTest(classes = WaterfallPageBrowserTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=httpclientexchanges")
class WaterfallPageBrowserTest {

    private static final LoopbackHttpServer SERVER = LoopbackHttpServer.start().respond("/orders/7", 200, "seven")
            .respondSlowly("/orders/8", Duration.ofMillis(150), "eight");

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    private static String browser;

    @Autowired
    RestClient.Builder restClientBuilder;

    @LocalServerPort
    int port;

    @BeforeAll
    static void findBrowser() {
        browser = BROWSERS.stream().filter(path -> new File(path).canExecute()).findFirst().orElse(null);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void theWaterfallDrawsEveryExchangeWithItsPhases() throws Exception {
        assertThat(browser != null || System.getenv("CI") == null).as("CI must run the browser test: .ci/run installs chromium").isTrue();
        assumeTrue(browser != null, "no headless browser: install Debian's chromium package (.ci/run does) to run this test");
        RestClient client = restClientBuilder.build();
        client.get().uri("http://127.0.0.1:{port}/orders/{id}", SERVER.port(), 8).retrieve().body(String.class);
        client.get().uri("http://localhost:{port}/orders/{id}", SERVER.port(), 7).retrieve().body(String.class);
        client.get().uri("http://127.0.0.1:{port}/orders/{id}", SERVER.port(), 7).retrieve().body(String.class);
        int closed = LoopbackPorts.closedPort();
        assertThatExceptionOfType(ResourceAccessException.class)
                .isThrownBy(() -> client.get().uri("http://127.0.0.1:{port}/orders/{id}", closed, 9).retrieve().body(String.class));
        JsonNode json = JsonMapper.builder().build()
                .readTree(new ActuatorHttp(port).get("/actuator/httpclientexchanges", "application/json").body());
        String url = "http://127.0.0.1:" + port + "/actuator/httpclientexchanges/waterfall";

        Document page = Jsoup.parse(chromium("--dump-dom", url));
        screenshot(url, Path.of("target", "waterfall.png"));

        assertThat(page.body().attr("data-loaded")).as("the page read the JSON").isEqualTo("true");
        assertThat(page.select("#legend span")).extracting(Element::text).containsExactly("Queueing / blocked", "DNS lookup",
                "Initial connection", "SSL", "Request sent", "Waiting for server", "Content download");
        List<Element> rows = page.select("#recent tr.exchange");
        JsonNode recent = json.get("recent");
        assertThat(rows).hasSize(recent.size()).hasSize(4);
        assertThat(rows.get(0).select("td.label").text()).isEqualTo("GET http://127.0.0.1:" + closed + "/orders/{id} ConnectException");
        assertThat(rows.get(0).hasClass("failed")).isTrue();
        assertThat(rows.get(3).select("td.label").text()).isEqualTo("GET http://127.0.0.1:" + SERVER.port() + "/orders/{id} 200");
        long longest = 0;
        for (JsonNode exchange : recent) {
            longest = Math.max(longest, exchange.get("totalMicros").asLong());
        }
        for (int i = 0; i < rows.size(); i++) {
            assertBarsProportional(rows.get(i), recent.get(i), longest);
        }
        assertThat(page.select("#host option")).extracting(Element::text).containsExactly("all", "127.0.0.1", "localhost");
        assertThat(page.select("#slowest tr.exchange")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Files.size(Path.of("target", "waterfall.png"))).isPositive();
    }

    /** Each bar's width is its phase's share of the longest exchange; the bars follow each other without gaps. */
    private static void assertBarsProportional(Element row, JsonNode exchange, long longest) {
        JsonNode phases = exchange.get("phases");
        long ssl = Math.max(0, phases.get("ssl").asLong());
        double expectedLeft = 0;
        List<String> drawn = new ArrayList<>();
        for (Element bar : row.select(".bar")) {
            String phase = bar.attr("data-phase");
            long micros = phases.get(phase).asLong() - ("connect".equals(phase) ? ssl : 0);
            assertThat(Long.parseLong(bar.attr("data-micros"))).isEqualTo(micros);
            assertThat(percent(bar, "width")).as(phase).isCloseTo(micros * 100.0 / longest, org.assertj.core.data.Offset.offset(0.001));
            assertThat(percent(bar, "left")).as(phase).isCloseTo(expectedLeft, org.assertj.core.data.Offset.offset(0.001));
            expectedLeft += micros * 100.0 / longest;
            drawn.add(phase);
        }
        assertThat(drawn).as("phases drawn in order").isSubsetOf("blocked", "dns", "connect", "ssl", "send", "wait", "receive")
                .contains("blocked");
    }

    private static double percent(Element bar, String property) {
        for (String declaration : bar.attr("style").split(";")) {
            String[] parts = declaration.split(":");
            if (parts.length == 2 && parts[0].trim().equals(property)) {
                return Double.parseDouble(parts[1].trim().replace("%", ""));
            }
        }
        throw new AssertionError("no " + property + " in " + bar.attr("style"));
    }

    private static String chromium(String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("httptrace-chromium");
        List<String> command = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--window-size=1400,640", "--hide-scrollbars"));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile("httptrace-chromium", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium ended").isTrue();
        assertThat(process.exitValue()).as("chromium: %s", Files.readString(log)).isZero();
        return out;
    }

    private static void screenshot(String url, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        chromium("--screenshot=" + file.toAbsolutePath(), url);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
