package dev.httptrace.autoconfigure.tracing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.httptrace.testsupport.RecordedSpan;
import dev.httptrace.testsupport.TestCertificates;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two tracers Boot auto-configures, each with an in-memory collector of finished spans: OpenTelemetry's SDK
 * with its in-memory exporter (picked up as a {@code SpanExporter} bean), and Brave with a span handler bean that
 * keeps the span objects themselves (so that an annotation written after a span ended would show).
 */
enum TracerKind {

    OPENTELEMETRY("org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
            OpenTelemetryCollector.class, true),

    BRAVE("org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            BraveCollector.class, false);

    /** The other tracer's auto-configuration, which must not run beside this one (Boot supports one tracer). */
    private final String otherTracer;

    private final Class<?> collector;

    private final boolean attributes;

    TracerKind(String otherTracer, Class<?> collector, boolean attributes) {
        this.otherTracer = otherTracer;
        this.collector = collector;
        this.attributes = attributes;
    }

    /** Whether this tracer's events carry attributes (OpenTelemetry) or are names only (Brave). */
    boolean attributes() {
        return attributes;
    }

    /**
     * Starts {@code app} (no web server) with this tracer, every span sampled, trust in {@code certs}' CA for every
     * HTTP client (SSL bundle {@code loopback}), and {@code properties}.
     */
    ConfigurableApplicationContext start(Class<?> app, TestCertificates certs, String... properties) throws Exception {
        Path ca = certs.writePemFiles(Files.createTempDirectory("span-events")).resolve("ca.crt");
        List<String> all = new ArrayList<>(List.of("spring.autoconfigure.exclude=" + otherTracer,
                "management.tracing.sampling.probability=1.0",
                "spring.ssl.bundle.pem.loopback.truststore.certificate=file:" + ca,
                "spring.http.clients.ssl.bundle=loopback"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(app, collector).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).properties(all.toArray(String[]::new)).run();
    }

    /** The spans that ended since the last {@link #clear}, all exported. */
    List<RecordedSpan> spans(ConfigurableApplicationContext context) {
        if (this == OPENTELEMETRY) {
            context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
            return context.getBean(InMemorySpanExporter.class).getFinishedSpanItems().stream().map(RecordedSpan::of)
                    .toList();
        }
        return context.getBean(BraveCollector.class).spans.stream().map(RecordedSpan::of).toList();
    }

    void clear(ConfigurableApplicationContext context) {
        spans(context);
        if (this == OPENTELEMETRY) {
            context.getBean(InMemorySpanExporter.class).reset();
        } else {
            context.getBean(BraveCollector.class).spans.clear();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OpenTelemetryCollector {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BraveCollector {

        final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

        @Bean
        SpanHandler inMemorySpanHandler() {
            return new SpanHandler() {
                @Override
                public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    spans.add(span);
                    return true;
                }
            };
        }
    }
}
