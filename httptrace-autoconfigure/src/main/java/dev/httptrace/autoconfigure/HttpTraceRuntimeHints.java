package dev.httptrace.autoconfigure;

import java.lang.reflect.Method;
import java.net.InetAddress;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.util.ReflectionUtils;

/**
 * The reflection the library does, for a native image: the {@link HttpClientSettings} components of Boot 4.1 that
 * {@link LaterHttpClientSettings} reads (and the {@code InetAddressFilter}'s {@code matches} it calls) when the running
 * Boot has them, and the OpenTelemetry bridge types whose presence the span events probe with
 * {@code Class.forName}.
 */
final class HttpTraceRuntimeHints implements RuntimeHintsRegistrar {

    /** The types {@code dev.httptrace.tracing} looks for, to write events with attributes. */
    static final String[] PROBED_TYPES = { "io.micrometer.tracing.otel.bridge.OtelSpan",
            "io.opentelemetry.api.trace.Span" };

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        register(hints, ReflectionUtils.findMethod(HttpClientSettings.class, "cookieHandling"));
        Method filter = ReflectionUtils.findMethod(HttpClientSettings.class, "inetAddressFilter");
        register(hints, filter);
        if (filter != null) {
            register(hints, ReflectionUtils.findMethod(filter.getReturnType(), "matches", InetAddress.class));
        }
        for (String type : PROBED_TYPES) {
            hints.reflection().registerTypeIfPresent(classLoader, type);
        }
    }

    private static void register(RuntimeHints hints, @Nullable Method method) {
        if (method != null) {
            hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
        }
    }
}
