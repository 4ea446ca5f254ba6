package dev.httptrace.autoconfigure.tracing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.TestCertificates;
import io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The span events as OpenTelemetry's own OTLP JSON exporter writes them ({@code OtlpJsonLoggingSpanExporter}, a
 * {@code SpanExporter} bean beside the in-memory one): the client span of a fresh HTTPS call carries every hook as an
 * event with its {@code timeUnixNano}, in order. Written to {@code target/span-events.otlp.json} (the README's).
 */
class OtlpJsonExportTest {

    private static final TestCertificates CERTS = TestCertificates.generate("localhost", "127.0.0.1");

    @Test
    void otlpJsonOfAFreshHttpsCallHasTheHookEventsInOrder() throws Exception {
        Logger logger = Logger.getLogger(OtlpJsonLoggingSpanExporter.class.getName());
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
        try (LoopbackHttpServer server = LoopbackHttpServer.startTls(CERTS).respond("/orders/7", 200, "seven");
                ConfigurableApplicationContext app = TracerKind.OPENTELEMETRY.start(App.class, CERTS)) {
            app.getBean(RestClient.Builder.class).build().get()
                    .uri("https://localhost:{port}/orders/{id}", server.port(), 7).retrieve().body(String.class);
            TracerKind.OPENTELEMETRY.spans(app);
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(true);
        }

        JsonNode client = clientSpan(lines);
        List<String> names = new ArrayList<>();
        long previous = client.get("startTimeUnixNano").asLong();
        for (JsonNode event : client.get("events")) {
            names.add(event.get("name").asString());
            long at = Long.parseLong(event.get("timeUnixNano").asString());
            assertThat(at).as(event.get("name").asString()).isGreaterThanOrEqualTo(previous);
            previous = at;
        }
        assertThat(names).containsExactly("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
                "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "gotFinalResponse");
        assertThat(previous).isLessThanOrEqualTo(Long.parseLong(client.get("endTimeUnixNano").asString()));
        Files.writeString(Path.of("target", "span-events.otlp.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(client),
                StandardCharsets.UTF_8);
    }

    /** The {@code http get} client span among the exporter's lines (each a {@code resourceSpans} document). */
    private static JsonNode clientSpan(List<String> lines) {
        JsonMapper json = JsonMapper.builder().build();
        for (String line : lines) {
            for (JsonNode scope : json.readTree(line).get("scopeSpans")) {
                for (JsonNode span : scope.get("spans")) {
                    if (span.get("kind").asInt() == 3) { // SPAN_KIND_CLIENT
                        return span;
                    }
                }
            }
        }
        throw new AssertionError("no client span in " + lines);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SpanExporter otlpJsonLogging() {
            return OtlpJsonLoggingSpanExporter.create();
        }
    }
}
