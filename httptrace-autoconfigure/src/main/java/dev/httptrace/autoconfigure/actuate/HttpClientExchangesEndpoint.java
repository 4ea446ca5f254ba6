package dev.httptrace.autoconfigure.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.httptrace.exchange.ExchangeRecorder;
import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.exchange.Har;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * {@code /actuator/httpclientexchanges}: the client twin of Boot's {@code httpexchanges}, the application's recent
 * outgoing exchanges with their phases, from an {@link ExchangeRecorder}.
 * <ul>
 * <li>{@code GET /actuator/httpclientexchanges}: JSON, {@code recent} (newest first) and {@code slowest} (per client
 * name, slowest first), each an {@link ExchangeDescriptor};</li>
 * <li>{@code GET /actuator/httpclientexchanges/har}: the same exchanges (recent, then the slowest not among them) as
 * a HAR 1.2 document, which Chrome DevTools' Network panel imports;</li>
 * <li>{@code GET /actuator/httpclientexchanges/waterfall}: one self-contained HTML page (no external script, font or
 * style) drawing them as waterfall rows, which reads the JSON and nothing else.</li>
 * </ul>
 */
@WebEndpoint(id = "httpclientexchanges")
public class HttpClientExchangesEndpoint {

    private static final MimeType HTML = new MimeType("text", "html", StandardCharsets.UTF_8);

    private final ExchangeRecorder recorder;

    private final String version;

    /** The endpoint over {@code recorder}; {@code version} is httptrace's, for HAR's {@code creator}. */
    public HttpClientExchangesEndpoint(ExchangeRecorder recorder, String version) {
        this.recorder = recorder;
        this.version = version;
    }

    /** The recent and slowest exchanges. */
    @ReadOperation
    public ExchangesDescriptor exchanges() {
        List<ExchangeDescriptor> recent = recorder.recent().stream().map(ExchangeDescriptor::of).toList();
        Map<String, List<ExchangeDescriptor>> slowest = new LinkedHashMap<>();
        recorder.slowest().forEach((name, exchanges) -> slowest.put(name, exchanges.stream().map(ExchangeDescriptor::of).toList()));
        return new ExchangesDescriptor(recorder.recorded(), recent, slowest);
    }

    /** {@code har}: the exchanges as HAR 1.2; {@code waterfall}: the page; anything else: 404. */
    @ReadOperation(produces = { "application/json", "text/html" })
    public WebEndpointResponse<Object> view(@Selector String view) {
        return switch (view) {
            case "har" -> new WebEndpointResponse<>(Har.document(harExchanges(), "httptrace", version),
                    MimeTypeUtils.APPLICATION_JSON);
            case "waterfall" -> new WebEndpointResponse<>(page(), HTML);
            default -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        };
    }

    private List<ExchangeTimeline> harExchanges() {
        Map<Long, ExchangeTimeline> bySequence = new TreeMap<>();
        recorder.recent().forEach(exchange -> bySequence.put(exchange.sequence(), exchange));
        recorder.slowest().values().forEach(slowest -> slowest.forEach(exchange -> bySequence.putIfAbsent(exchange.sequence(), exchange)));
        return List.copyOf(bySequence.values());
    }

    private static String page() {
        try (InputStream in = HttpClientExchangesEndpoint.class.getResourceAsStream("waterfall.html")) {
            if (in == null) {
                throw new IllegalStateException("waterfall.html is missing from the httptrace-autoconfigure jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * What {@code GET /actuator/httpclientexchanges} returns.
     *
     * @param recorded how many exchanges were recorded since the application started
     * @param recent the most recent, newest first
     * @param slowest the slowest per client name, slowest first
     */
    public record ExchangesDescriptor(long recorded, List<ExchangeDescriptor> recent,
            Map<String, List<ExchangeDescriptor>> slowest) {
    }
}
