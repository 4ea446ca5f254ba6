package dev.httptrace.exchange;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line for every attempt slower than a threshold, with its phases in milliseconds:
 *
 * <pre>
 * GET api.example.com /orders/{id} 200 2,318 ms: blocked 1,904 · dns — · connect — · tls — · send 0.1 · wait 391 · receive 22 (reused, idle 3.1 s)
 * </pre>
 *
 * The method, the {@code client.name}, the URI template's path when Spring knows it (never the expanded path, a
 * query or user-info), the status or the exception's simple name, the total, then each phase ({@code —}: it did
 * not happen). Unlike HAR's {@code connect}, {@code connect} here is the TCP connect alone and {@code tls} the
 * handshake after it, so the phases add up to the total. Logger {@code dev.httptrace.exchange.SlowExchangeLog}.
 */
public final class SlowExchangeLog implements ExchangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(SlowExchangeLog.class);

    private final long thresholdNanos;

    /**
     * Logs the attempts that take longer than {@code threshold}.
     *
     * @throws IllegalArgumentException when {@code threshold} is negative
     */
    public SlowExchangeLog(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("threshold must not be negative: " + threshold);
        }
        this.thresholdNanos = threshold.toNanos();
    }

    @Override
    public void exchangeDone(ExchangeTimeline exchange) {
        if (exchange.endNanos() > thresholdNanos && LOG.isInfoEnabled()) {
            LOG.info(line(exchange));
        }
    }

    /** The line logged for {@code exchange}. */
    public static String line(ExchangeTimeline exchange) {
        Phases phases = exchange.phases();
        StringBuilder line = new StringBuilder(160).append(exchange.method()).append(' ').append(exchange.clientName());
        String path = exchange.templatePath();
        if (path != null) {
            line.append(' ').append(path);
        }
        String exception = exchange.exception();
        line.append(' ');
        if (exchange.status() != 0) {
            line.append(exchange.status());
            if (exception != null) {
                line.append(' ').append(exception); // the body's read failed
            }
        } else {
            line.append(exception == null ? exchange.endHook() : exception);
        }
        line.append(' ').append(millis(exchange.endNanos())).append(" ms: ");
        long tcp = phases.connectNanos() < 0 ? -1 : phases.connectNanos() - Math.max(0, phases.sslNanos());
        line.append("blocked ").append(millis(phases.blockedNanos()))
                .append(" · dns ").append(millis(phases.dnsNanos()))
                .append(" · connect ").append(millis(tcp))
                .append(" · tls ").append(millis(phases.sslNanos()))
                .append(" · send ").append(millis(phases.sendNanos()))
                .append(" · wait ").append(millis(phases.waitNanos()))
                .append(" · receive ").append(millis(phases.receiveNanos()));
        line.append(" (");
        Duration idle = exchange.idle();
        if (exchange.reused()) {
            line.append("reused");
            if (idle != null) {
                line.append(", idle ").append(seconds(idle));
            }
        } else if (exchange.connectAttempts() > 0) {
            line.append("new connection");
            String remote = exchange.remoteAddress();
            if (remote != null) {
                line.append(" to ").append(remote);
            }
            if (exchange.tlsProtocol() != null) {
                line.append(", ").append(exchange.tlsProtocol());
            }
            if (exchange.connectAttempts() > 1) {
                line.append(", ").append(exchange.connectAttempts()).append(" addresses tried");
            }
        } else {
            line.append("no connection");
        }
        return line.append(')').toString();
    }

    /** Milliseconds: one decimal under 10 ms, whole with thousands separators above; {@code —} when absent. */
    static String millis(long nanos) {
        if (nanos < 0) {
            return "—";
        }
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,d", Math.round(ms));
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    @Override
    public String toString() {
        return "SlowExchangeLog[" + Duration.ofNanos(thresholdNanos) + "]";
    }
}
