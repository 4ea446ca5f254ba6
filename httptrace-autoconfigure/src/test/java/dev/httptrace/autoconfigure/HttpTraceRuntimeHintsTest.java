package dev.httptrace.autoconfigure;

import java.lang.reflect.Method;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reflective call of the library is covered by {@link HttpTraceRuntimeHints}: Boot 4.1's settings components
 * (on the Boot line the build runs, when it has them) and the OpenTelemetry bridge types the span events probe.
 */
class HttpTraceRuntimeHintsTest {

    private final RuntimeHints hints = new RuntimeHints();

    HttpTraceRuntimeHintsTest() {
        new HttpTraceRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
    }

    @Test
    void bootsLaterSettingsComponentsCanBeInvokedWhenTheRunningBootHasThem() {
        Method cookieHandling = ReflectionUtils.findMethod(HttpClientSettings.class, "cookieHandling");
        Method filter = ReflectionUtils.findMethod(HttpClientSettings.class, "inetAddressFilter");
        assertThat(cookieHandling == null).as("Boot 4.1 has both components, Boot 4.0 neither").isEqualTo(filter == null);
        if (cookieHandling != null && filter != null) {
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(cookieHandling)).accepts(this.hints);
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(filter)).accepts(this.hints);
            Method matches = ReflectionUtils.findMethod(filter.getReturnType(), "matches", InetAddress.class);
            assertThat(matches).isNotNull();
            assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(matches)).accepts(this.hints);
        }
        else {
            assertThat(this.hints.reflection().typeHints().map((hint) -> hint.getType().getName()))
                    .allMatch((type) -> type.startsWith("io."));
        }
    }

    @Test
    void theOpenTelemetryTypesTheSpanEventsProbeAreRegistered() {
        for (String type : HttpTraceRuntimeHints.PROBED_TYPES) {
            assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type))).as(type).accepts(this.hints);
        }
    }
}
