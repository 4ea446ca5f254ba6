package dev.httptrace.autoconfigure;

import java.time.Duration;

import dev.httptrace.exchange.ExchangeRecorder;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code httptrace.logging.slow-threshold=100ms}: a RestClient call the server answers after 300 ms logs one INFO
 * line with its URI template and phases; no recorder is made for it (the endpoint is not exposed).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SlowCallLogTest.App.class, properties = "httptrace.logging.slow-threshold=100ms")
class SlowCallLogTest {

    private static final LoopbackHttpServer SERVER = LoopbackHttpServer.start()
            .respondSlowly("/orders/7", Duration.ofMillis(300), "late");

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    ApplicationContext context;

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void aSlowCallLogsOneLine(CapturedOutput output) {
        restClientBuilder.build().get().uri("http://127.0.0.1:{port}/orders/{id}?token={token}", SERVER.port(), 7, "secret")
                .retrieve().body(String.class);

        String lines = output.getOut();
        assertThat(lines.lines().filter(line -> line.contains("SlowExchangeLog"))).singleElement().satisfies(line -> assertThat(line)
                .contains("INFO", "GET 127.0.0.1 /orders/{id} 200 ", " · wait ", "(new connection to 127.0.0.1:" + SERVER.port() + ")")
                .doesNotContain("secret", "/orders/7"));
        assertThat(context.getBeansOfType(ExchangeRecorder.class)).isEmpty();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
