package dev.httptrace.micrometer;

import java.util.Locale;

import dev.httptrace.internal.BoundedCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Every timer of one {@code client.name}, created once per name by {@link MeterClientTraceFactory} and
 * shared by all requests to that host. The holders are built eagerly (a few dozen small objects per name);
 * the meters themselves are registered on first use.
 */
final class ClientMeters {

    static final String CLIENT_NAME = "client.name";

    static final String OTHER = "other";

    /** At most this many distinct {@code method} values per client name; the rest are tagged {@value #OTHER}. */
    static final int MAX_METHODS = 16;

    /** Values of {@code tls.protocol.version}. */
    enum TlsVersion {
        TLS_1_3("1.3"), TLS_1_2("1.2"), TLS_1_1("1.1"), TLS_1_0("1"), UNKNOWN("unknown");

        final String tag;

        TlsVersion(String tag) {
            this.tag = tag;
        }

        /** The version of a JSSE protocol name ({@code TLSv1.3} is {@code 1.3}). */
        static TlsVersion of(String protocol) {
            return switch (protocol) {
                case "TLSv1.3" -> TLS_1_3;
                case "TLSv1.2" -> TLS_1_2;
                case "TLSv1.1" -> TLS_1_1;
                case "TLSv1" -> TLS_1_0;
                default -> UNKNOWN;
            };
        }
    }

    /** Values of {@code outcome} on {@code httptrace.continue.wait}. */
    enum ContinueOutcome {
        CONTINUED, REJECTED, TIMEOUT;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    private final MeterRegistry registry;

    final String name;

    private final Tags clientTags;

    final ExceptionTimers dns;

    final ExceptionTimers connectIpv4;

    final ExceptionTimers connectIpv6;

    /** Indexed by {@link TlsVersion#ordinal()}. */
    private final ExceptionTimers[] tlsHandshake = new ExceptionTimers[TlsVersion.values().length];

    final ExceptionTimers acquireNew;

    final ExceptionTimers acquireReused;

    final LazyTimer idle;

    /** Indexed by {@link ContinueOutcome#ordinal()}. */
    private final LazyTimer[] continueWait = new LazyTimer[ContinueOutcome.values().length];

    /** Method to its timers; {@value #OTHER} beyond {@value #MAX_METHODS} distinct methods. */
    private final BoundedCache<String, MethodMeters> methods;

    ClientMeters(MeterRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
        this.clientTags = Tags.of(CLIENT_NAME, name);
        this.dns = new ExceptionTimers(registry, "httptrace.dns",
                "Host name resolution of a new connection: dnsStart to dnsDone", clientTags);
        String connect = "TCP connect to one address: connectStart to connectDone";
        this.connectIpv4 = new ExceptionTimers(registry, "httptrace.connect", connect,
                clientTags.and("network.type", "ipv4"));
        this.connectIpv6 = new ExceptionTimers(registry, "httptrace.connect", connect,
                clientTags.and("network.type", "ipv6"));
        for (TlsVersion version : TlsVersion.values()) {
            tlsHandshake[version.ordinal()] = new ExceptionTimers(registry, "httptrace.tls.handshake",
                    "TLS handshake of a new connection, host name verification included: tlsHandshakeStart to tlsHandshakeDone",
                    clientTags.and("tls.protocol.version", version.tag));
        }
        String acquire = "Getting a connection for an attempt, from the pool or new: getConn to gotConn or to the failure";
        this.acquireNew = new ExceptionTimers(registry, "httptrace.connection.acquire", acquire,
                clientTags.and("reused", "false"));
        this.acquireReused = new ExceptionTimers(registry, "httptrace.connection.acquire", acquire,
                clientTags.and("reused", "true"));
        this.idle = new LazyTimer(registry, "httptrace.connection.idle",
                "How long a reused connection sat idle in the pool before this request", clientTags);
        for (ContinueOutcome outcome : ContinueOutcome.values()) {
            continueWait[outcome.ordinal()] = new LazyTimer(registry, "httptrace.continue.wait",
                    "Wait for 100 Continue: wait100Continue to got100Continue, to the final response, or to the body sent after the wait timed out",
                    clientTags.and("outcome", outcome.tag));
        }
        MethodMeters otherMethod = new MethodMeters(OTHER);
        this.methods = new BoundedCache<>(MAX_METHODS, MethodMeters::new, method -> otherMethod);
    }

    ExceptionTimers tlsHandshake(TlsVersion version) {
        return tlsHandshake[version.ordinal()];
    }

    LazyTimer continueWait(ContinueOutcome outcome) {
        return continueWait[outcome.ordinal()];
    }

    /** The timers tagged with {@code method}; {@value #OTHER} beyond {@value #MAX_METHODS} distinct methods. */
    MethodMeters method(String method) {
        return methods.get(method);
    }

    /** The timers of one client name that are also tagged with the request method. */
    final class MethodMeters {

        final ExceptionTimers requestWrite;

        final ExceptionTimers serverProcessing;

        final ExceptionTimers contentTransfer;

        MethodMeters(String method) {
            Tags tags = clientTags.and("method", method);
            this.requestWrite = new ExceptionTimers(registry, "httptrace.request.write",
                    "Writing the request on the connection, expect-continue wait included: gotConn to wroteRequest", tags);
            this.serverProcessing = new ExceptionTimers(registry, "httptrace.server.processing",
                    "Server time after the whole request was written: wroteRequest to the final response's first byte "
                            + "(after 100 Continue, to its head), or to the failure that ended the wait", tags);
            this.contentTransfer = new ExceptionTimers(registry, "httptrace.content.transfer",
                    "Response body download: the final response's first byte to the end of the body, or to the failure "
                            + "while reading it", tags);
        }
    }
}
