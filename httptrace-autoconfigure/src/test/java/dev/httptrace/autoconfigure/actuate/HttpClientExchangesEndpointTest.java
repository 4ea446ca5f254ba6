package dev.httptrace.autoconfigure.actuate;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.httptrace.exchange.ExchangeRecorder;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code /actuator/httpclientexchanges} of a real web app on loopback, exposed as a user exposes it: the JSON's
 * shape and values, its capacity and slowest per host, HAR valid against the HAR 1.2 schema, and never a query,
 * user-info or expanded path.
 */
@SpringBootTest(classes = HttpClientExchangesEndpointTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "management.endpoints.web.exposure.include=httpclientexchanges", "httptrace.exchanges.capacity=3",
                "httptrace.exchanges.slowest-per-client=2" })
class HttpClientExchangesEndpointTest {

    private static final LoopbackHttpServer SERVER = LoopbackHttpServer.start().respond("/orders/7", 200, "seven")
            .respondSlowly("/orders/8", Duration.ofMillis(200), "eight");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    RestTemplateBuilder restTemplateBuilder;

    @Autowired
    ExchangeRecorder recorder;

    @LocalServerPort
    int port;

    private long recordedBefore;

    @BeforeEach
    void mark() {
        recordedBefore = recorder.recorded();
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    private ActuatorHttp actuator() {
        return new ActuatorHttp(port);
    }

    private JsonNode exchanges() throws Exception {
        HttpResponse<String> response = actuator().get("/actuator/httpclientexchanges", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("secret").doesNotContain("token").doesNotContain("/orders/7")
                .doesNotContain("/orders/8");
        return JSON.readTree(response.body());
    }

    private void callOrders(RestClient client, int id) {
        client.get().uri("http://127.0.0.1:{port}/orders/{id}?token={token}", SERVER.port(), id, "secret").retrieve().body(String.class);
    }

    @Test
    void recentAndSlowestWithTheirPhases() throws Exception {
        RestClient client = restClientBuilder.build();
        callOrders(client, 8); // the slow one
        for (int i = 0; i < 3; i++) {
            callOrders(client, 7);
        }
        client.get().uri(SERVER.url("localhost", "/orders/7") + "?token=secret").retrieve().body(String.class);

        JsonNode body = exchanges();
        assertThat(body.get("recorded").asLong() - recordedBefore).isEqualTo(5);
        JsonNode recent = body.get("recent");
        assertThat(recent).hasSize(3);
        JsonNode newest = recent.get(0);
        assertThat(newest.get("clientName").asString()).isEqualTo("localhost");
        assertThat(newest.get("uri").asString()).isEqualTo("http://localhost:" + SERVER.port());
        JsonNode templated = recent.get(1);
        assertThat(templated.get("method").asString()).isEqualTo("GET");
        assertThat(templated.get("uri").asString()).isEqualTo("http://127.0.0.1:" + SERVER.port() + "/orders/{id}");
        assertThat(templated.get("status").asInt()).isEqualTo(200);
        assertThat(templated.get("exception").isNull()).isTrue();
        assertThat(templated.get("outcome").asString()).isEqualTo("responseBodyDone");
        assertThat(templated.get("connection").get("reused").asBoolean()).isTrue();
        assertThat(templated.get("connection").get("remoteAddress").asString()).isEqualTo("127.0.0.1:" + SERVER.port());
        assertThat(templated.get("connection").get("localAddress").asString()).as("one connection for the sequential calls")
                .isEqualTo(recent.get(2).get("connection").get("localAddress").asString()).startsWith("127.0.0.1:");
        assertThat(templated.get("connection").get("tlsCipherSuite").isNull()).isTrue();
        assertThat(templated.get("phases").get("dns").asLong()).isEqualTo(-1);
        assertThat(templated.get("phases").get("connect").asLong()).isEqualTo(-1);
        assertThat(hooks(templated)).startsWith("getConn", "gotConn", "wroteHeaders", "wroteRequest", "gotFirstResponseByte",
                "gotFinalResponse").endsWith("responseBodyDone");
        long phaseSum = 0;
        for (String phase : List.of("blocked", "dns", "connect", "send", "wait", "receive")) {
            phaseSum += Math.max(0, templated.get("phases").get(phase).asLong());
        }
        // each phase is truncated to whole microseconds
        assertThat(phaseSum).isBetween(templated.get("totalMicros").asLong() - 6, templated.get("totalMicros").asLong());

        JsonNode slowest = body.get("slowest").get("127.0.0.1");
        assertThat(slowest).hasSize(2);
        // the server sleeps once it has the request, maybe a moment before the client's wroteRequest: send + wait
        JsonNode slowestPhases = slowest.get(0).get("phases");
        assertThat(slowestPhases.get("send").asLong() + slowestPhases.get("wait").asLong()).as("the server slept 200 ms")
                .isGreaterThanOrEqualTo(200_000);
        assertThat(slowest.get(0).get("connection").get("reused").asBoolean()).isFalse();
        assertThat(hooks(slowest.get(0))).contains("connectStart", "connectDone");
        assertThat(body.get("slowest").get("localhost")).hasSize(1);
    }

    @Test
    void restTemplateExchangesHaveTheirUriTemplateFromTheObservation() throws Exception {
        RestTemplate template = restTemplateBuilder.build();
        template.getForObject("http://127.0.0.1:{port}/orders/{id}?token={token}", String.class, SERVER.port(), 7, "secret");

        JsonNode newest = exchanges().get("recent").get(0);
        assertThat(newest.get("uri").asString()).isEqualTo("http://127.0.0.1:" + SERVER.port() + "/orders/{id}");
    }

    @Test
    void harIsValidHar12() throws Exception {
        RestClient client = restClientBuilder.build();
        callOrders(client, 7);
        callOrders(client, 8);

        HttpResponse<String> response = actuator().get("/actuator/httpclientexchanges/har", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).doesNotContain("secret").doesNotContain("token");
        Files.writeString(Path.of("target", "httpclientexchanges.har"), response.body()); // to open in Chrome DevTools
        Schema schema;
        try (InputStream in = getClass().getResourceAsStream("/har-1.2.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        List<Error> errors = schema.validate(response.body(), InputFormat.JSON);
        assertThat(errors).isEmpty();

        JsonNode log = JSON.readTree(response.body()).get("log");
        assertThat(log.get("version").asString()).isEqualTo("1.2");
        assertThat(log.get("creator").get("name").asString()).isEqualTo("httptrace");
        List<JsonNode> entries = new ArrayList<>();
        log.get("entries").forEach(entries::add);
        assertThat(entries).hasSizeGreaterThanOrEqualTo(2);
        JsonNode last = entries.get(entries.size() - 1);
        assertThat(last.get("request").get("url").asString()).isEqualTo("http://127.0.0.1:" + SERVER.port() + "/orders/%7Bid%7D");
        assertThat(last.get("timings").get("send").asDouble() + last.get("timings").get("wait").asDouble())
                .isGreaterThanOrEqualTo(200);
        for (JsonNode entry : entries) {
            JsonNode timings = entry.get("timings");
            double sum = 0;
            for (String phase : List.of("blocked", "dns", "connect", "send", "wait", "receive")) {
                sum += Math.max(0, timings.get(phase).asDouble());
            }
            assertThat(sum).as("HAR's time is the sum of its timings").isCloseTo(entry.get("time").asDouble(),
                    org.assertj.core.data.Offset.offset(0.01));
            assertThat(timings.get("ssl").asDouble()).isEqualTo(-1); // plain HTTP
        }
    }

    @Test
    void userInfoIsRefusedByHttpClientItself() throws Exception {
        RestClient client = restClientBuilder.build();

        assertThatExceptionOfType(ResourceAccessException.class)
                .isThrownBy(() -> client.get().uri("http://us3r:pa55@127.0.0.1:" + SERVER.port() + "/orders/7").retrieve().body(String.class))
                .withMessageContaining("userinfo");

        assertThat(actuator().get("/actuator/httpclientexchanges", "application/json").body()).doesNotContain("pa55").doesNotContain("us3r");
    }

    @Test
    void anUnknownViewIsNotFound() throws Exception {
        assertThat(actuator().get("/actuator/httpclientexchanges/nothing", "*/*").statusCode()).isEqualTo(404);
    }

    private static List<String> hooks(JsonNode exchange) {
        List<String> hooks = new ArrayList<>();
        exchange.get("timeline").forEach(hook -> hooks.add(hook.get("hook").asString()));
        return hooks;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
