package dev.httptrace.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.exchange.ExchangeTimeline.Mark;
import dev.httptrace.exchange.Phases;
import org.jspecify.annotations.Nullable;

/**
 * One exchange as the endpoint's JSON shows it; times in microseconds.
 *
 * @param startedAt when the attempt started ({@code getConn}), ISO-8601
 * @param method the request method
 * @param clientName the host, as the meters' {@code client.name}
 * @param uri {@code scheme://host:port}, then the URI template's path when Spring knew it; never a query
 * @param status the final response's status, or {@code null} when none came
 * @param exception the simple class name of the failure, or {@code null}
 * @param outcome the hook that ended the attempt: {@code responseBodyDone}, {@code exchangeFailed},
 *     {@code getConnFailed}
 * @param totalMicros {@code getConn} to that hook
 * @param phases HAR's {@code blocked, dns, connect, ssl, send, wait, receive}, {@code -1} for one that did not
 *     happen; {@code connect} includes {@code ssl}
 * @param connection how the connection came
 * @param timeline every hook that fired, in order, with its time from {@code getConn}
 * @param traceId the id of the distributed trace the request belongs to (Micrometer Tracing), or {@code null}
 */
public record ExchangeDescriptor(String startedAt, String method, String clientName, String uri, @Nullable Integer status,
        @Nullable String exception, String outcome, long totalMicros, Map<String, Long> phases, Connection connection,
        List<HookTime> timeline, @Nullable String traceId) {

    /**
     * How the exchange's connection came.
     *
     * @param reused whether a pooled connection was reused
     * @param idleMicros how long it sat idle in the pool, or {@code null} for a new connection
     * @param remoteAddress the server's {@code ip:port}, or {@code null} when none was reached nor tried
     * @param localAddress the connection's own {@code ip:port} (the same one: the same connection), or {@code null}
     *     when none was obtained
     * @param tlsProtocol the protocol a new TLS connection agreed, or {@code null}
     * @param tlsCipherSuite the cipher suite a new TLS connection agreed, or {@code null}
     * @param connectAttempts how many addresses a new connection tried
     */
    public record Connection(boolean reused, @Nullable Long idleMicros, @Nullable String remoteAddress,
            @Nullable String localAddress, @Nullable String tlsProtocol, @Nullable String tlsCipherSuite,
            int connectAttempts) {
    }

    /** A hook and its time from {@code getConn}. */
    public record HookTime(String hook, long micros) {
    }

    static ExchangeDescriptor of(ExchangeTimeline exchange) {
        Map<String, Long> phases = new LinkedHashMap<>();
        long[] values = exchange.phases().toArray();
        for (int i = 0; i < values.length; i++) {
            phases.put(Phases.NAMES.get(i), values[i] < 0 ? -1 : values[i] / 1_000);
        }
        List<HookTime> timeline = new ArrayList<>();
        for (Mark mark : Mark.values()) {
            long offset = exchange.offsetNanos(mark);
            if (offset >= 0) {
                timeline.add(new HookTime(mark == Mark.END ? exchange.endHook() : mark.hook(), offset / 1_000));
            }
        }
        timeline.sort((a, b) -> Long.compare(a.micros(), b.micros()));
        Duration idle = exchange.idle();
        Connection connection = new Connection(exchange.reused(), idle == null ? null : idle.toNanos() / 1_000,
                exchange.remoteAddress(), exchange.localAddress(), exchange.tlsProtocol(), exchange.tlsCipherSuite(),
                exchange.connectAttempts());
        return new ExchangeDescriptor(exchange.startedAt().toString(), exchange.method(), exchange.clientName(),
                exchange.uri(), exchange.status() == 0 ? null : exchange.status(), exchange.exception(),
                exchange.endHook(), exchange.total().toNanos() / 1_000, phases, connection, timeline, exchange.traceId());
    }
}
