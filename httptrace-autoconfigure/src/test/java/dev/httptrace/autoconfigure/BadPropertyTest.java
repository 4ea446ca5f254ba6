package dev.httptrace.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A bad {@code httptrace.*} value fails startup with Boot's failure description, not a bean-creation stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class BadPropertyTest {

    @Test
    void negativeMaxClientNamesIsReportedWithThePropertyItsValueAndWhy(CapturedOutput output) {
        assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .run("--httptrace.metrics.max-client-names=-1"))
                .havingRootCause().isInstanceOf(IllegalArgumentException.class).withMessageStartingWith("must not be negative");

        // Boot's BindFailureAnalyzer: the property, its value, where it came from, and why
        assertThat(output).contains("APPLICATION FAILED TO START", "Property: httptrace.metrics.max-client-names",
                "Value: \"-1\"", "Reason: java.lang.IllegalArgumentException: must not be negative");
        assertThat(output).doesNotContain("\tat "); // no stack trace
    }

    @ParameterizedTest
    @ValueSource(strings = { "httptrace.exchanges.capacity=-1", "httptrace.exchanges.slowest-per-client=-5",
            "httptrace.logging.slow-threshold=-100ms" })
    void negativeExchangeSettingsAreReportedTheSameWay(String setting, CapturedOutput output) {
        assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .run("--" + setting))
                .havingRootCause().isInstanceOf(IllegalArgumentException.class).withMessageStartingWith("must not be negative");

        assertThat(output).contains("APPLICATION FAILED TO START", "Property: " + setting.substring(0, setting.indexOf('=')),
                "Reason: java.lang.IllegalArgumentException: must not be negative");
        assertThat(output).doesNotContain("\tat ");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
