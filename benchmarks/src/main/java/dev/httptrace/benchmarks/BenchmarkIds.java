package dev.httptrace.benchmarks;

import java.util.List;
import java.util.Set;

/**
 * Every benchmark {@link Report} or a tear-down check reads, by class literal and checked method name: renaming a
 * benchmark class breaks the build, renaming a method fails this class's initialization (and {@code BenchmarkIdsTest}).
 */
final class BenchmarkIds {

    static final BenchmarkId CONCURRENT_PLAIN = BenchmarkId.of(Scenario5Concurrent.class, "plain");

    static final BenchmarkId CONCURRENT_TRACED_METERS = BenchmarkId.of(Scenario5Concurrent.class, "tracedMeters");

    static final BenchmarkId HTTPS_KEEP_ALIVE_PLAIN = BenchmarkId.of(Scenario3Https.class, "keepAlivePlain");

    static final BenchmarkId HTTPS_KEEP_ALIVE_TRACED_METERS = BenchmarkId.of(Scenario3Https.class, "keepAliveTracedMeters");

    static final BenchmarkId KEEP_ALIVE_PLAIN = BenchmarkId.of(Scenario1KeepAlive.class, "plain");

    static final BenchmarkId KEEP_ALIVE_TRACED_METERS = BenchmarkId.of(Scenario1KeepAlive.class, "tracedMeters");

    static final BenchmarkId KEEP_ALIVE_TRACED_NOOP_TRACE = BenchmarkId.of(Scenario1KeepAlive.class, "tracedNoopTrace");

    static final BenchmarkId KEEP_ALIVE_TRACED_NO_TRACE = BenchmarkId.of(Scenario1KeepAlive.class, "tracedNoTrace");

    static final BenchmarkId KEEP_ALIVE_TRACED_TIMESTAMPS = BenchmarkId.of(Scenario1KeepAlive.class, "tracedTimestamps");

    static final BenchmarkId NEW_CONNECTION_PLAIN = BenchmarkId.of(Scenario2NewConnection.class, "plain");

    static final BenchmarkId NEW_CONNECTION_TRACED_METERS = BenchmarkId.of(Scenario2NewConnection.class, "tracedMeters");

    static final BenchmarkId NEW_CONNECTION_TRACED_NO_TRACE = BenchmarkId.of(Scenario2NewConnection.class, "tracedNoTrace");

    static final BenchmarkId PEERS56_HTTP_CLIENT5_OBSERVATION = BenchmarkId.ofOptional("peers56.Scenario6PeersHttpClient56", "httpClient5Observation");

    static final BenchmarkId PEERS_MICROMETER_OBSERVATION_EXEC_CHAIN_HANDLER = BenchmarkId.of(Scenario6Peers.class, "micrometerObservationExecChainHandler");

    static final BenchmarkId PEERS_OK_HTTP_METRICS_EVENT_LISTENER = BenchmarkId.of(Scenario6Peers.class, "okHttpMetricsEventListener");

    static final BenchmarkId PEERS_OK_HTTP_PLAIN = BenchmarkId.of(Scenario6Peers.class, "okHttpPlain");

    static final BenchmarkId PEERS_OK_HTTP_TIMESTAMP_LISTENER = BenchmarkId.of(Scenario6Peers.class, "okHttpTimestampListener");

    static final BenchmarkId REST_CLIENT_HTTP_COMPONENTS_FACTORY = BenchmarkId.of(Scenario4RestClient.class, "httpComponentsFactory");

    static final BenchmarkId REST_CLIENT_JDK_FACTORY = BenchmarkId.of(Scenario4RestClient.class, "jdkFactory");

    static final BenchmarkId REST_CLIENT_TRACED_FACTORY_METERS = BenchmarkId.of(Scenario4RestClient.class, "tracedFactoryMeters");

    static final BenchmarkId WEB_CLIENT_PLAIN = BenchmarkId.of(Scenario7WebClient.class, "plain");

    static final BenchmarkId WEB_CLIENT_REACTOR_NETTY_METRICS = BenchmarkId.of(Scenario7WebClient.class, "reactorNettyMetrics");

    static final BenchmarkId WEB_CLIENT_TRACED_METERS = BenchmarkId.of(Scenario7WebClient.class, "tracedMeters");

    /**
     * The benchmarks that run through the httptrace meters: their tear-down requires recorded requests, and
     * every other benchmark's requires none, so a meters benchmark missing here fails its smoke run.
     */
    static final Set<BenchmarkId> METERED = Set.of(CONCURRENT_TRACED_METERS, HTTPS_KEEP_ALIVE_TRACED_METERS,
            BenchmarkId.of(Scenario3Https.class, "newConnectionTracedMeters"), KEEP_ALIVE_TRACED_METERS,
            NEW_CONNECTION_TRACED_METERS, REST_CLIENT_TRACED_FACTORY_METERS, WEB_CLIENT_TRACED_METERS);

    /**
     * What the HttpClient 5.6 run measures: the keep-alive baseline, our meters and every peer, of which
     * {@link Report} compares the first two and the HttpClient peers.
     */
    static final List<BenchmarkId> BOOT_41_RUN = List.of(KEEP_ALIVE_PLAIN, KEEP_ALIVE_TRACED_METERS,
            PEERS56_HTTP_CLIENT5_OBSERVATION, PEERS_MICROMETER_OBSERVATION_EXEC_CHAIN_HANDLER, PEERS_OK_HTTP_PLAIN,
            PEERS_OK_HTTP_METRICS_EVENT_LISTENER, PEERS_OK_HTTP_TIMESTAMP_LISTENER);

    private BenchmarkIds() {
    }

    /** Prints one JMH include regex per benchmark of {@link #BOOT_41_RUN}, for {@code run.sh}. */
    public static void main(String[] args) {
        BOOT_41_RUN.forEach(id -> System.out.println(id.regex()));
    }
}
