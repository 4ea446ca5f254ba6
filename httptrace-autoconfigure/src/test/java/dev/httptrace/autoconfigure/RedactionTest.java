package dev.httptrace.autoconfigure;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import dev.httptrace.testsupport.LoopbackHttpServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A URL's user-info, path and query never reach a meter tag or a {@code LoggingClientTrace} line
 * ({@code httptrace.logging.enabled=true}, logger at DEBUG).
 */
@SpringBootTest(classes = RedactionTest.App.class, properties = { "httptrace.logging.enabled=true",
        "logging.level.dev.httptrace.LoggingClientTrace=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class RedactionTest {

    private static final LoopbackHttpServer HTTP = LoopbackHttpServer.start().respond("/SECRET-PATH", 200, "hello");

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    MeterRegistry registry;

    @AfterAll
    static void stopServer() {
        HTTP.close();
    }

    @Test
    void userInfoPathAndQueryStayOutOfTagsAndLogLines(CapturedOutput output) {
        RestClient client = this.restClientBuilder.build();
        URI withUserInfo = URI.create("http://alice:SECRET-PASSWORD@localhost:" + HTTP.port()
                + "/SECRET-PATH?token=SECRET-QUERY");
        // HttpClient 5 refuses user-info in a request URI before any hook fires ("Request URI authority contains
        // deprecated userinfo component"); Spring's exception message then quotes the URI, user-info included:
        // that is Spring's, not ours
        Throwable failure = catchThrowable(() -> client.get().uri(withUserInfo).retrieve().body(String.class));
        assertThat(failure).isInstanceOf(ResourceAccessException.class);
        String body = client.get().uri(URI.create(HTTP.url("localhost", "/SECRET-PATH?token=SECRET-QUERY")))
                .retrieve().body(String.class);
        assertThat(body).isEqualTo("hello");

        List<String> traceLines = output.getOut().lines().filter((line) -> line.contains("LoggingClientTrace")).toList();
        assertThat(traceLines).anyMatch((line) -> line.contains("GET localhost:" + HTTP.port()) && line.contains("getConn"))
                .anyMatch((line) -> line.contains("putIdleConn"));
        assertThat(traceLines).noneMatch((line) -> line.contains("SECRET") || line.contains("alice")
                || line.contains("token"));

        List<String> tagValues = this.registry.getMeters().stream()
                .map(Meter::getId)
                .filter((id) -> id.getName().startsWith("httptrace."))
                .flatMap((id) -> id.getTags().stream())
                .map(Tag::getValue)
                .filter(Objects::nonNull)
                .toList();
        assertThat(tagValues).contains("localhost")
                .noneMatch((value) -> value.contains("SECRET") || value.contains("alice") || value.contains("token"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
