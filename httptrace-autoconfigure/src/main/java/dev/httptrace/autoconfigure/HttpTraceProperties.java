package dev.httptrace.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of httptrace, under {@code httptrace}.
 */
@ConfigurationProperties("httptrace")
public final class HttpTraceProperties {

    /**
     * Whether to trace the application's HTTP clients: the traced transport behind RestClient, RestTemplate and
     * HTTP interface clients, and each request's trace from the ClientTraceFactory beans.
     */
    private boolean enabled = true;

    private final Metrics metrics = new Metrics();

    private final Logging logging = new Logging();

    private final Exchanges exchanges = new Exchanges();

    private final Tracing tracing = new Tracing();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Metrics getMetrics() {
        return this.metrics;
    }

    public Logging getLogging() {
        return this.logging;
    }

    public Exchanges getExchanges() {
        return this.exchanges;
    }

    public Tracing getTracing() {
        return this.tracing;
    }

    /** Micrometer timers ({@code httptrace.*} meters). */
    public static final class Metrics {

        /**
         * Whether to record a Micrometer timer for every phase of every request (httptrace.dns,
         * httptrace.connect, httptrace.tls.handshake, ...). Needs a MeterRegistry bean.
         */
        private boolean enabled = true;

        /**
         * Maximum number of distinct hosts tagged with their own client.name value; requests to further hosts
         * are tagged 'other'. Not negative.
         */
        private int maxClientNames = 100;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxClientNames() {
            return this.maxClientNames;
        }

        public void setMaxClientNames(int maxClientNames) {
            if (maxClientNames < 0) {
                // at binding, so that Boot reports the property, its value and origin instead of a bean-creation trace
                throw new IllegalArgumentException("must not be negative (0 tags every host 'other')");
            }
            this.maxClientNames = maxClientNames;
        }
    }

    /** Logging: of every hook, and of slow calls. */
    public static final class Logging {

        /**
         * Whether to log every hook of every request, one line each with the time since the request started,
         * at DEBUG on the logger 'dev.httptrace.LoggingClientTrace' (which must be at DEBUG too). Lines show
         * method and host:port only, never the path, query or user-info.
         */
        private boolean enabled = false;

        /**
         * Log one INFO line, on the logger 'dev.httptrace.exchange.SlowExchangeLog', for every call slower than
         * this, with its phases: method, client name, URI template path (never the expanded path or query),
         * status or exception, total and each phase in milliseconds. Unset: off.
         */
        private @Nullable Duration slowThreshold;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable Duration getSlowThreshold() {
            return this.slowThreshold;
        }

        public void setSlowThreshold(@Nullable Duration slowThreshold) {
            if (slowThreshold != null && slowThreshold.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            this.slowThreshold = slowThreshold;
        }
    }

    /** The recent exchanges of the 'httpclientexchanges' actuator endpoint, recorded only while it is available. */
    public static final class Exchanges {

        /** How many of the most recent exchanges the endpoint keeps. */
        private int capacity = 100;

        /**
         * How many of the slowest exchanges the endpoint keeps per client name (hosts bounded by
         * 'httptrace.metrics.max-client-names', the rest together as 'other').
         */
        private int slowestPerClient = 10;

        public int getCapacity() {
            return this.capacity;
        }

        public void setCapacity(int capacity) {
            this.capacity = notNegative(capacity);
        }

        public int getSlowestPerClient() {
            return this.slowestPerClient;
        }

        public void setSlowestPerClient(int slowestPerClient) {
            this.slowestPerClient = notNegative(slowestPerClient);
        }

        private static int notNegative(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("must not be negative (0 keeps none)");
            }
            return value;
        }
    }

    /** The hooks in the distributed trace, when the application has a Micrometer Tracing tracer. */
    public static final class Tracing {

        /**
         * Whether to write a span event per hook (getConn, dnsStart, ..., putIdleConn) onto the span of each
         * http.client.requests observation. Needs a Tracer bean (Boot's tracing with the Brave or OpenTelemetry
         * bridge).
         */
        private boolean enabled = true;

        /**
         * Whether each DNS lookup, TCP connect and TLS handshake of a new connection is also a child span of the
         * request's span ('hostname resolution', 'connect', 'tls handshake').
         */
        private boolean phaseSpans = false;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isPhaseSpans() {
            return this.phaseSpans;
        }

        public void setPhaseSpans(boolean phaseSpans) {
            this.phaseSpans = phaseSpans;
        }
    }
}
