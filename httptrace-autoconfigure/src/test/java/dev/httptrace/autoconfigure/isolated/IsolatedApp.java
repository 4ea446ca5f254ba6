package dev.httptrace.autoconfigure.isolated;

import java.util.Arrays;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * A Boot application started inside a class loader that lacks some optional jar
 * ({@code OptionalDependenciesAbsentTest}); names no class of an optional library itself. Returns what it saw.
 */
public final class IsolatedApp {

    private IsolatedApp() {
    }

    /** Starts the application, GETs {@code url} through the injected {@code RestClient.Builder}, describes it. */
    public static String run(String url) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run()) {
            String builder = context.getBean(ClientHttpRequestFactoryBuilder.class).getClass().getSimpleName();
            String body = context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
            String httptraceBeans = Arrays.toString(Arrays.stream(context.getBeanDefinitionNames())
                    .filter((name) -> name.toLowerCase().contains("httptrace") || name.contains("meterClientTrace"))
                    .sorted().toArray());
            return "builder=" + builder + " body=" + body + " beans=" + httptraceBeans;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
