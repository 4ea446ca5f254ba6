package dev.httptrace.exchange;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exchanges as a HAR 1.2 document (<a href="http://www.softwareishard.com/blog/har-12-spec/">the spec</a>), which
 * Chrome DevTools' Network panel imports and draws: nested maps and lists, ready for any JSON writer.
 *
 * <p>Per entry: {@code startedDateTime}, {@code time} (the attempt's total, which the timings add up to),
 * {@code request} (method, the URI label with a template's braces percent-encoded, {@code HTTP/1.1}, no header,
 * cookie or query), {@code response} (status, or {@code 0} and {@code _error} when none came; no header or body),
 * {@code timings} in milliseconds with microsecond precision: {@code blocked}, {@code dns}, {@code connect}
 * ({@code ssl} included, as the spec says), {@code ssl}, {@code send}, {@code wait}, {@code receive}, {@code -1} for
 * a {@code dns}, {@code connect} or {@code ssl} that did not happen, {@code send}, {@code wait}, {@code receive} never
 * negative; {@code serverIPAddress} when known. Custom fields (HAR's leading underscore): {@code _clientName},
 * {@code _reused}, {@code _error} (the exception's simple name), {@code _traceId} (the distributed trace's id, when
 * there is one).
 */
public final class Har {

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private Har() {
    }

    /** The HAR document of {@code exchanges}, in their order, created by {@code creator} at {@code version}. */
    public static Map<String, Object> document(List<ExchangeTimeline> exchanges, String creator, String version) {
        List<Map<String, Object>> entries = exchanges.stream().map(Har::entry).toList();
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("version", "1.2");
        Map<String, Object> creatorEntry = new LinkedHashMap<>();
        creatorEntry.put("name", creator);
        creatorEntry.put("version", version);
        log.put("creator", creatorEntry);
        log.put("entries", entries);
        return Map.of("log", log);
    }

    static Map<String, Object> entry(ExchangeTimeline exchange) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("startedDateTime", STARTED.format(exchange.startedAt()));
        entry.put("time", millis(exchange.total().toNanos()));
        entry.put("request", request(exchange));
        entry.put("response", response(exchange));
        entry.put("cache", Map.of());
        entry.put("timings", timings(exchange.phases()));
        String remote = exchange.remoteAddress();
        if (remote != null) {
            String ip = remote.substring(0, remote.lastIndexOf(':'));
            entry.put("serverIPAddress", ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip);
        }
        entry.put("_clientName", exchange.clientName());
        entry.put("_reused", exchange.reused());
        String exception = exchange.exception();
        if (exception != null) {
            entry.put("_error", exception);
        }
        String traceId = exchange.traceId();
        if (traceId != null) {
            entry.put("_traceId", traceId);
        }
        return entry;
    }

    private static Map<String, Object> request(ExchangeTimeline exchange) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", exchange.method());
        request.put("url", exchange.uri().replace("{", "%7B").replace("}", "%7D"));
        request.put("httpVersion", "HTTP/1.1");
        request.put("cookies", List.of());
        request.put("headers", List.of());
        request.put("queryString", List.of());
        request.put("headersSize", -1);
        request.put("bodySize", -1);
        return request;
    }

    private static Map<String, Object> response(ExchangeTimeline exchange) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", exchange.status());
        response.put("statusText", "");
        response.put("httpVersion", exchange.status() == 0 ? "" : "HTTP/1.1");
        response.put("cookies", List.of());
        response.put("headers", List.of());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("size", 0);
        content.put("mimeType", "x-unknown");
        response.put("content", content);
        response.put("redirectURL", "");
        response.put("headersSize", -1);
        response.put("bodySize", -1);
        return response;
    }

    private static Map<String, Object> timings(Phases phases) {
        Map<String, Object> timings = new LinkedHashMap<>();
        long[] values = phases.toArray();
        for (int i = 0; i < values.length; i++) {
            timings.put(Phases.NAMES.get(i), values[i] < 0 ? (Object) (-1) : (Object) millis(values[i]));
        }
        return timings;
    }

    /** Milliseconds with microsecond precision. */
    private static double millis(long nanos) {
        return (nanos / 1_000) / 1_000.0;
    }
}
