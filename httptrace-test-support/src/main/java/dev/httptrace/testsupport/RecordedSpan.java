package dev.httptrace.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import brave.handler.MutableSpan;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * A finished span as a tracer exported it, the same for OpenTelemetry's {@link SpanData} and Brave's
 * {@link MutableSpan}; times in nanoseconds since the epoch (Brave's are microseconds, so end in {@code 000}).
 *
 * @param name the span's name
 * @param traceId the trace's id, in hex
 * @param spanId the span's id, in hex
 * @param parentId the parent span's id, or {@code null} for a root span
 * @param startNanos when it started
 * @param endNanos when it ended
 * @param events its events (OpenTelemetry) or annotations (Brave), in the order recorded
 * @param tags its attributes or tags, as strings
 * @param error whether it is in error (OpenTelemetry's status, Brave's error or {@code error} tag)
 */
public record RecordedSpan(String name, String traceId, String spanId, @Nullable String parentId, long startNanos,
        long endNanos, List<Event> events, Map<String, String> tags, boolean error) {

    /**
     * An event: its name, when, and its attributes (none with Brave).
     */
    public record Event(String name, long epochNanos, Map<String, String> attributes) {
    }

    public RecordedSpan {
        events = List.copyOf(events);
        tags = Map.copyOf(tags);
    }

    /** An OpenTelemetry span. */
    public static RecordedSpan of(SpanData span) {
        List<Event> events = new ArrayList<>();
        for (EventData event : span.getEvents()) {
            events.add(new Event(event.getName(), event.getEpochNanos(), strings(event.getAttributes().asMap())));
        }
        return new RecordedSpan(span.getName(), span.getTraceId(), span.getSpanId(),
                span.getParentSpanContext().isValid() ? span.getParentSpanId() : null, span.getStartEpochNanos(),
                span.getEndEpochNanos(), events, strings(span.getAttributes().asMap()),
                span.getStatus().getStatusCode() == StatusCode.ERROR);
    }

    /** A Brave span, as it is now (a span handler that keeps the object sees what was written after its end). */
    public static RecordedSpan of(MutableSpan span) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < span.annotationCount(); i++) {
            events.add(new Event(span.annotationValueAt(i), span.annotationTimestampAt(i) * 1_000, Map.of()));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < span.tagCount(); i++) {
            tags.put(span.tagKeyAt(i), span.tagValueAt(i));
        }
        String name = span.name();
        return new RecordedSpan(name == null ? "" : name, span.traceId(), span.id(), span.parentId(),
                span.startTimestamp() * 1_000, span.finishTimestamp() * 1_000, events, tags,
                span.error() != null || span.tag("error") != null);
    }

    /** The events' names, in order. */
    public List<String> eventNames() {
        return events.stream().map(Event::name).toList();
    }

    /** The first event named {@code name}. */
    public Event event(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no event " + name + " in " + eventNames() + " of " + this.name));
    }

    /** The events named as a hook ({@link RecordingClientTrace#HOOK_NAMES}), in order; not the tracer's own. */
    public List<Event> hookEvents() {
        return events.stream().filter((event) -> RecordingClientTrace.HOOK_NAMES.contains(event.name())).toList();
    }

    /**
     * Every rule this span's hook events break (empty when all hold): exactly {@code expectedNames}, in that order,
     * at non-decreasing times, each within the span's start and end. Events not named as a hook (OpenTelemetry's
     * {@code exception}) are left out.
     */
    public List<String> hookEventViolations(List<String> expectedNames) {
        List<String> violations = new ArrayList<>();
        List<String> names = hookEvents().stream().map(Event::name).toList();
        if (!names.equals(expectedNames)) {
            violations.add("hook events " + names + ", expected " + expectedNames);
        }
        long previous = startNanos;
        for (Event event : hookEvents()) {
            if (event.epochNanos() < previous) {
                violations.add(event.name() + " at " + event.epochNanos() + " before the previous event or the span's"
                        + " start (" + previous + ")");
            }
            if (event.epochNanos() > endNanos) {
                violations.add(event.name() + " at " + event.epochNanos() + " after the span's end (" + endNanos + ")");
            }
            previous = Math.max(previous, event.epochNanos());
        }
        return violations;
    }

    private static Map<String, String> strings(Map<?, ?> attributes) {
        Map<String, String> strings = new LinkedHashMap<>();
        attributes.forEach((key, value) -> strings.put(key.toString(), String.valueOf(value)));
        return strings;
    }
}
