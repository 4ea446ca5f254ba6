package dev.httptrace.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.httptrace.benchmarks.fixtures.Drain;
import dev.httptrace.benchmarks.fixtures.Hc5Fixture;
import dev.httptrace.benchmarks.fixtures.MicrometerObservationFixture;
import dev.httptrace.benchmarks.fixtures.OkHttpFixture;
import dev.httptrace.benchmarks.fixtures.TracedRestClientFixture;
import dev.httptrace.benchmarks.fixtures.WebClientFixture;
import dev.httptrace.benchmarks.server.ServerProcess;

/**
 * Variants that {@link PairedCpu} and {@link CpuAttribution} run side by side in one JVM, each with its
 * baseline and the stack frame (as a profiler names it) of the fixture method that runs one request:
 * {@link #keepAlive()}, the HttpClient 5 variants of scenario 1 and the peers of scenario 6, and
 * {@link #newConnection()}, the HttpClient 5 variants of scenario 2, and so on; each scenario says which threads do
 * its requests' work ({@link #scope()}).
 */
final class PairedVariants implements AutoCloseable {

    @FunctionalInterface
    interface Request {
        boolean run(Drain drain) throws Exception;
    }

    /** A row of {@link PairedCpu}'s table: {@code variant}'s paired difference to {@code baseline}. */
    record Comparison(String variant, String baseline) {

        boolean isBaseline() {
            return variant.equals(baseline);
        }
    }

    /** One variant: how to run a request, its baseline's name, and the fixture method's frame. */
    record Variant(String name, String baseline, String frame, Request request) {

        boolean isBaseline() {
            return name.equals(baseline);
        }
    }

    static final String HC5_BASELINE = "hc5.plain";

    static final String OKHTTP_BASELINE = "okhttp.plain";

    private static final String WEB_CLIENT = "webclient.";

    static final String WEB_CLIENT_BASELINE = WEB_CLIENT + "plain";

    private static final String FIXTURES = CpuAttribution.profilerName(Drain.class.getPackage());

    private final ServerProcess server = ServerProcess.shared();

    private final List<AutoCloseable> fixtures = new ArrayList<>();

    private final Map<String, Variant> variants = new LinkedHashMap<>();

    private final List<Comparison> extraComparisons = new ArrayList<>();

    private final ThreadUsage.Scope scope;

    private PairedVariants() {
        this(ThreadUsage.Scope.REQUEST_THREAD);
    }

    private PairedVariants(ThreadUsage.Scope scope) {
        this.scope = scope;
    }

    /**
     * The variants of {@code scenario}: {@code keep-alive}, {@code new-connection}, {@code rest-tracing},
     * {@code exchanges} or {@code webclient}.
     */
    static PairedVariants of(String scenario) {
        return switch (scenario) {
            case "keep-alive" -> keepAlive();
            case "new-connection" -> newConnection();
            case "rest-tracing" -> restTracing();
            case "exchanges" -> exchanges();
            case "webclient" -> webClient();
            default -> throw new IllegalArgumentException(
                    "scenario: keep-alive, new-connection, rest-tracing, exchanges or webclient, not " + scenario);
        };
    }

    /** Keep-alive GET of 1 KiB: the five HttpClient 5 variants and the peers, each against its plain client. */
    static PairedVariants keepAlive() {
        PairedVariants paired = new PairedVariants();
        Hc5Fixture hc5 = paired.fixture(new Hc5Fixture(paired.server, false, false, 5));
        MicrometerObservationFixture observation = paired.fixture(new MicrometerObservationFixture(paired.server));
        OkHttpFixture okHttp = paired.fixture(new OkHttpFixture(paired.server));
        paired.hc5(hc5, true);
        paired.add("hc5.micrometerObservationExecChainHandler", HC5_BASELINE, "MicrometerObservationFixture.get", observation::get);
        paired.add("okhttp.plain", OKHTTP_BASELINE, "OkHttpFixture.plain", okHttp::plain);
        paired.add("okhttp.metricsEventListener", OKHTTP_BASELINE, "OkHttpFixture.metrics", okHttp::metrics);
        paired.add("okhttp.timestampListener", OKHTTP_BASELINE, "OkHttpFixture.timestamps", okHttp::timestamps);
        return paired;
    }

    /** A new connection per request ({@code Connection: close}): plain, no trace, every phase meter. */
    static PairedVariants newConnection() {
        PairedVariants paired = new PairedVariants();
        paired.hc5(paired.fixture(new Hc5Fixture(paired.server, false, true, 5)), false);
        return paired;
    }

    /**
     * Keep-alive GET of 1 KiB through Spring's RestClient with Micrometer Tracing (OpenTelemetry): httptrace's span
     * events against the same tracing without them.
     */
    static PairedVariants restTracing() {
        PairedVariants paired = new PairedVariants();
        TracedRestClientFixture rest = paired.fixture(new TracedRestClientFixture(paired.server));
        paired.add("rest.tracing", "rest.tracing", "TracedRestClientFixture.tracing", rest::tracing);
        paired.add("rest.tracingSpanEvents", "rest.tracing", "TracedRestClientFixture.spanEvents", rest::spanEvents);
        return paired;
    }

    /** Keep-alive GET of 1 KiB, one traced client: every meter and a recorded timeline, against the meters alone. */
    static PairedVariants exchanges() {
        PairedVariants paired = new PairedVariants();
        Hc5Fixture hc5 = paired.fixture(new Hc5Fixture(paired.server, false, false, 5));
        paired.add("hc5.tracedMeters", "hc5.tracedMeters", "Hc5Fixture.tracedMeters", hc5::tracedMeters);
        paired.add("hc5.tracedMetersExchanges", "hc5.tracedMeters", "Hc5Fixture.tracedMetersExchanges",
                hc5::tracedMetersExchanges);
        return paired;
    }

    /**
     * Keep-alive GET of 1 KiB through {@code WebClient} on Reactor Netty, each variant on its own client and pool:
     * every httptrace meter, and Reactor Netty's own {@code metrics(true, ...)}, against the plain client, and the
     * meters against Reactor Netty's metrics. Part of each request runs on Reactor Netty's event loops, so its CPU and
     * allocation are charged over all threads.
     */
    static PairedVariants webClient() {
        PairedVariants paired = new PairedVariants(ThreadUsage.Scope.ALL_THREADS);
        WebClientFixture web = paired.fixture(new WebClientFixture(paired.server));
        paired.webClient("plain", web::plain);
        String traced = paired.webClient("tracedMeters", web::tracedMeters);
        String reactorNetty = paired.webClient("reactorNettyMetrics", web::reactorNettyMetrics);
        paired.extraComparisons.add(new Comparison(traced, reactorNetty));
        return paired;
    }

    /** Adds the WebClient variant of fixture method {@code method}; its name. */
    private String webClient(String method, Request request) {
        String name = WEB_CLIENT + method;
        add(name, WEB_CLIENT_BASELINE, WebClientFixture.class.getSimpleName() + "." + method, request);
        return name;
    }

    private <T extends AutoCloseable> T fixture(T fixture) {
        fixtures.add(fixture);
        return fixture;
    }

    private void hc5(Hc5Fixture hc5, boolean all) {
        hc5("plain", hc5::plain);
        hc5("tracedNoTrace", hc5::tracedNoTrace);
        if (all) {
            hc5("tracedNoopTrace", hc5::tracedNoopTrace);
        }
        hc5("tracedMeters", hc5::tracedMeters);
        if (all) {
            hc5("tracedTimestamps", hc5::tracedTimestamps);
        }
    }

    private void hc5(String method, Request request) {
        add("hc5." + method, HC5_BASELINE, "Hc5Fixture." + method, request);
    }

    /**
     * Adds a variant whose requests run in fixture method {@code frame} ({@code Hc5Fixture.plain}): checked here, so
     * that a renamed fixture method fails at once instead of leaving the profiler's attribution without its samples.
     */
    private void add(String name, String baseline, String frame, Request request) {
        int dot = frame.indexOf('.');
        String type = Drain.class.getPackageName() + "." + frame.substring(0, dot);
        String method = frame.substring(dot + 1);
        try {
            boolean found = Arrays.stream(Class.forName(type).getMethods()).anyMatch((m) -> m.getName().equals(method));
            if (!found) {
                throw new IllegalStateException("variant " + name + ": no method " + frame);
            }
        } catch (ClassNotFoundException ex) {
            throw new IllegalStateException("variant " + name + ": no fixture " + type, ex);
        }
        variants.put(name, new Variant(name, baseline, FIXTURES + frame, request));
    }

    /** The threads whose CPU time and allocation a request of these variants is charged with. */
    ThreadUsage.Scope scope() {
        return scope;
    }

    /** In the order of the tables: each baseline before its variants. */
    Map<String, Variant> all() {
        return variants;
    }

    /**
     * The rows of {@link PairedCpu}'s table: each variant against its baseline (a baseline against itself), in the
     * order of {@link #all()}, then the scenario's comparisons of two variants (the httptrace meters against a peer).
     */
    List<Comparison> comparisons() {
        List<Comparison> rows = new ArrayList<>();
        variants.values().forEach((variant) -> rows.add(new Comparison(variant.name(), variant.baseline())));
        rows.addAll(extraComparisons);
        return rows;
    }

    static void runBatch(Variant variant, Drain drain, int batch) throws Exception {
        for (int i = 0; i < batch; i++) {
            Drain.check(variant.request().run(drain));
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable fixture : fixtures) {
            fixture.close();
        }
        server.close();
    }
}
