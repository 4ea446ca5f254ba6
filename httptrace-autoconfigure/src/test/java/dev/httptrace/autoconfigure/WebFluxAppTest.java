package dev.httptrace.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.httptrace.testsupport.LoopbackHttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive web application (WebFlux on Reactor Netty) whose handler calls an upstream with the injected
 * {@code WebClient.Builder}: the {@code httptrace.*} meters count the upstream call's phases, made on the server's
 * event loop, under the upstream's {@code client.name}.
 */
@SpringBootTest(classes = WebFluxAppTest.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.main.web-application-type=reactive")
class WebFluxAppTest {

    private static final LoopbackHttpServer UPSTREAM = LoopbackHttpServer.start().respond("/stock/7", 200, "12");

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry properties) {
        properties.add("upstream.url", () -> UPSTREAM.url("127.0.0.1", "/stock/7"));
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void theHandlersWebClientCallIsMeteredUnderTheUpstreamsClientName() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + this.port + "/stock")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("stock: 12");
        assertThat(this.registry.find("httptrace.connection.acquire").tag("client.name", "127.0.0.1")
                .tag("reused", "false").timer()).extracting(Timer::count).isEqualTo(1L);
        assertThat(this.registry.find("httptrace.server.processing").tag("client.name", "127.0.0.1").timer())
                .extracting(Timer::count).isEqualTo(1L);
        assertThat(this.registry.find("httptrace.connect").tag("client.name", "127.0.0.1").timer())
                .extracting(Timer::count).isEqualTo(1L);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        RouterFunction<ServerResponse> stock(WebClient.Builder webClientBuilder,
                org.springframework.core.env.Environment environment) {
            WebClient upstream = webClientBuilder.build();
            String url = environment.getRequiredProperty("upstream.url");
            return RouterFunctions.route().GET("/stock", (request) -> upstream.get().uri(url).retrieve()
                    .bodyToMono(String.class).flatMap((count) -> ServerResponse.ok().bodyValue("stock: " + count)))
                    .build();
        }
    }
}
