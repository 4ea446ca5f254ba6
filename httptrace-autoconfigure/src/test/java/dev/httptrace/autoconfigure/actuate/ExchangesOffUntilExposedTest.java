package dev.httptrace.autoconfigure.actuate;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.exchange.ExchangeRecorder;
import dev.httptrace.exchange.ExchangeTraceFactory;
import dev.httptrace.exchange.SlowExchangeLog;
import dev.httptrace.testsupport.LoopbackHttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web app with the actuator that does not expose {@code httpclientexchanges}: the endpoint answers 404 and nothing
 * records exchanges (no recorder, no timeline factory), while the meters go on.
 */
@SpringBootTest(classes = ExchangesOffUntilExposedTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=health,metrics")
class ExchangesOffUntilExposedTest {

    private static final LoopbackHttpServer SERVER = LoopbackHttpServer.start().respond("/", 200, "ok");

    @Autowired
    ApplicationContext context;

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    MeterRegistry registry;

    @LocalServerPort
    int port;

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void nothingIsRecordedAndTheEndpointIsNotThere() throws Exception {
        restClientBuilder.build().get().uri(SERVER.url("/")).retrieve().body(String.class);

        assertThat(context.getBeansOfType(ExchangeRecorder.class)).isEmpty();
        assertThat(context.getBeansOfType(ExchangeTraceFactory.class)).isEmpty();
        assertThat(context.getBeansOfType(SlowExchangeLog.class)).isEmpty();
        assertThat(context.getBeansOfType(ClientTraceFactory.class).values()).noneMatch(ExchangeTraceFactory.class::isInstance);
        assertThat(new ActuatorHttp(port).get("/actuator/httpclientexchanges", "application/json").statusCode()).isEqualTo(404);
        assertThat(new ActuatorHttp(port).get("/actuator/health", "application/json").statusCode()).isEqualTo(200);
        assertThat(registry.get("httptrace.connect").timer().count()).isPositive();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
