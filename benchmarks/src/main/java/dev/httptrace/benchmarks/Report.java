package dev.httptrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.httptrace.benchmarks.BenchmarkIds.*;

/**
 * Turns JMH CSV results ({@code -rf csv}, with {@code -prof gc -prof dev.httptrace.benchmarks.CpuProfiler})
 * into the Markdown tables of {@code BENCHMARKS.md}: every benchmark with its secondary metrics, then each
 * target of issue 5 as a ratio or difference against its baseline of the same run, with a verdict.
 *
 * <pre>java -cp benchmarks.jar dev.httptrace.benchmarks.Report boot-4.0.csv [boot-4.1.csv]</pre>
 *
 * The first file is the main run (Boot 4.0, HttpClient 5.5); the optional second one is the run with
 * {@code -Dspring-boot.version=4.1.2} (HttpClient 5.6), which adds the {@code httpclient5-observation} peer;
 * each comparison only uses figures of one run. Errors are JMH's 99.9% half-widths; those of a ratio or a
 * difference are combined as independent (root of the sum of squares).
 */
public final class Report {

    static final String PKG = "dev.httptrace.benchmarks.";

    private Report() {
    }

    /** One metric of one benchmark: score and error (NaN when JMH had too few samples). */
    record Value(double score, double error) {

        static final Value MISSING = new Value(Double.NaN, Double.NaN);

        boolean missing() {
            return Double.isNaN(score);
        }

        double err() {
            return Double.isNaN(error) ? 0 : error;
        }
    }

    /** The metrics of one benchmark, keyed by "" (the primary score) or the secondary metric's name. */
    static final class Row {
        final String name;
        final Map<String, Value> metrics = new LinkedHashMap<>();

        Row(String name) {
            this.name = name;
        }

        Value get(String metric) {
            return metrics.getOrDefault(metric, Value.MISSING);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Report main.csv [httpclient56.csv]");
            System.exit(2);
        }
        Map<String, Row> main = read(Path.of(args[0]));
        Map<String, Row> hc56 = args.length > 1 ? read(Path.of(args[1])) : Map.of();
        StringBuilder out = new StringBuilder();
        table(out, "Boot 4.0.7 / HttpClient 5.5 (" + args[0] + ")", main);
        if (!hc56.isEmpty()) {
            table(out, "Boot 4.1.2 / HttpClient 5.6 (" + args[1] + ")", hc56);
        }
        targets(out, main, hc56);
        System.out.print(out);
    }

    static Map<String, Row> read(Path csv) throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = fields(line);
            if (f.size() < 7) {
                continue;
            }
            String name = f.get(0);
            String metric = "";
            int colon = name.indexOf(':');
            if (colon >= 0) {
                metric = name.substring(colon + 1).replace("·", "");
                name = name.substring(0, colon);
            }
            if (name.startsWith(PKG)) {
                name = name.substring(PKG.length());
            }
            rows.computeIfAbsent(name, Row::new).metrics.put(metric, new Value(number(f.get(4)), number(f.get(5))));
        }
        return rows;
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException ex) {
            return Double.NaN;
        }
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static void table(StringBuilder out, String title, Map<String, Row> rows) {
        out.append("### ").append(title).append("\n\n");
        out.append("| benchmark | throughput (ops/s) | client CPU (µs/op) | worker-thread CPU (µs/op) | server CPU (µs/op) | gc.alloc.rate.norm (B/op) | worker-thread alloc (B/op) |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows.values()) {
            out.append("| `").append(row.name).append("` | ")
                    .append(pm(row.get(""), 0)).append(" | ")
                    .append(pm(row.get(CpuProfiler.CLIENT_CPU), 2)).append(" | ")
                    .append(pm(row.get(CpuProfiler.WORKER_CPU), 2)).append(" | ")
                    .append(pm(row.get(CpuProfiler.SERVER_CPU), 2)).append(" | ")
                    .append(pm(row.get("gc.alloc.rate.norm"), 0)).append(" | ")
                    .append(pm(row.get(CpuProfiler.WORKER_ALLOC), 0)).append(" |\n");
        }
        out.append('\n');
    }

    private static String pm(Value v, int decimals) {
        if (v.missing()) {
            return "–";
        }
        String format = "%,." + decimals + "f";
        String score = String.format(Locale.ROOT, format, v.score());
        return Double.isNaN(v.error()) ? score : score + " ± " + String.format(Locale.ROOT, format, v.error());
    }

    private static void targets(StringBuilder out, Map<String, Row> main, Map<String, Row> hc56) {
        out.append("### Targets (each against its baseline in the same run)\n\n");
        out.append("| target | variant vs baseline | measured | verdict |\n");
        out.append("| --- | --- | ---: | --- |\n");

        ratioAtLeast(out, "keep-alive, all meters: ≥ 0.97 × throughput", main, KEEP_ALIVE_TRACED_METERS.name(), KEEP_ALIVE_PLAIN.name(), 0.97);
        deltaAtMost(out, "keep-alive, all meters: ≤ +0.5 µs client CPU", main, KEEP_ALIVE_TRACED_METERS.name(), KEEP_ALIVE_PLAIN.name(), CpuProfiler.CLIENT_CPU, 0.5, "µs");
        ratioAtLeast(out, "new connection, all meters: ≥ 0.98 × throughput", main, NEW_CONNECTION_TRACED_METERS.name(), NEW_CONNECTION_PLAIN.name(), 0.98);
        ratioAtLeast(out, "no trace installed: ≥ 0.99 × throughput (keep-alive)", main, KEEP_ALIVE_TRACED_NO_TRACE.name(), KEEP_ALIVE_PLAIN.name(), 0.99);
        noAddedAllocation(out, "no trace installed: no added allocation (keep-alive)", main, KEEP_ALIVE_TRACED_NO_TRACE.name(), KEEP_ALIVE_PLAIN.name());
        ratioAtLeast(out, "no trace installed: ≥ 0.99 × throughput (new connection)", main, NEW_CONNECTION_TRACED_NO_TRACE.name(), NEW_CONNECTION_PLAIN.name(), 0.99);
        deltaAtMost(out, "meters on: ≤ 512 B added (keep-alive)", main, KEEP_ALIVE_TRACED_METERS.name(), KEEP_ALIVE_PLAIN.name(), "gc.alloc.rate.norm", 512, "B");
        deltaAtMost(out, "meters on: ≤ 512 B added (new connection)", main, NEW_CONNECTION_TRACED_METERS.name(), NEW_CONNECTION_PLAIN.name(), "gc.alloc.rate.norm", 512, "B");
        deltaAtMost(out, "meters on: ≤ 512 B added (HTTPS keep-alive)", main, HTTPS_KEEP_ALIVE_TRACED_METERS.name(), HTTPS_KEEP_ALIVE_PLAIN.name(), "gc.alloc.rate.norm", 512, "B");
        deltaAtMost(out, "meters on: ≤ 512 B added (8 threads)", main, CONCURRENT_TRACED_METERS.name(), CONCURRENT_PLAIN.name(), "gc.alloc.rate.norm", 512, "B");
        ratioAtLeast(out, "traced RestClient ≥ RestClient over the JDK client", main,
                REST_CLIENT_TRACED_FACTORY_METERS.name(), REST_CLIENT_JDK_FACTORY.name(), 1.0);
        ratioInfo(out, "(info) traced RestClient vs Spring's HttpComponents factory", main,
                REST_CLIENT_TRACED_FACTORY_METERS.name(), REST_CLIENT_HTTP_COMPONENTS_FACTORY.name());

        out.append('\n');
        out.append("Peer costs (added over each one's own plain baseline, same run):\n\n");
        out.append("| peer | variant vs baseline | throughput ratio | + client CPU (µs/op) | + allocated (B/op) |\n");
        out.append("| --- | --- | ---: | ---: | ---: |\n");
        peerRow(out, "httptrace, all meters", main, KEEP_ALIVE_TRACED_METERS.name(), KEEP_ALIVE_PLAIN.name());
        peerRow(out, "httptrace, timestamp on every hook", main, KEEP_ALIVE_TRACED_TIMESTAMPS.name(), KEEP_ALIVE_PLAIN.name());
        peerRow(out, "httptrace, no-op trace", main, KEEP_ALIVE_TRACED_NOOP_TRACE.name(), KEEP_ALIVE_PLAIN.name());
        peerRow(out, "Micrometer ObservationExecChainHandler", main, PEERS_MICROMETER_OBSERVATION_EXEC_CHAIN_HANDLER.name(), KEEP_ALIVE_PLAIN.name());
        peerRow(out, "OkHttp + OkHttpMetricsEventListener", main, PEERS_OK_HTTP_METRICS_EVENT_LISTENER.name(), PEERS_OK_HTTP_PLAIN.name());
        peerRow(out, "OkHttp + timestamp listener, 8 timers", main, PEERS_OK_HTTP_TIMESTAMP_LISTENER.name(), PEERS_OK_HTTP_PLAIN.name());
        peerRow(out, "OkHttp plain vs HttpClient 5 plain", main, PEERS_OK_HTTP_PLAIN.name(), KEEP_ALIVE_PLAIN.name());
        peerRow(out, "WebClient: httptrace, all meters", main, WEB_CLIENT_TRACED_METERS.name(), WEB_CLIENT_PLAIN.name());
        peerRow(out, "WebClient: Reactor Netty metrics(true, identity)", main, WEB_CLIENT_REACTOR_NETTY_METRICS.name(), WEB_CLIENT_PLAIN.name());
        if (!hc56.isEmpty()) {
            peerRow(out, "HC 5.6 run: httptrace, all meters", hc56, KEEP_ALIVE_TRACED_METERS.name(), KEEP_ALIVE_PLAIN.name());
            peerRow(out, "HC 5.6 run: httpclient5-observation", hc56, PEERS56_HTTP_CLIENT5_OBSERVATION.name(), KEEP_ALIVE_PLAIN.name());
            peerRow(out, "HC 5.6 run: Micrometer ObservationExecChainHandler", hc56, PEERS_MICROMETER_OBSERVATION_EXEC_CHAIN_HANDLER.name(), KEEP_ALIVE_PLAIN.name());
        }
        out.append('\n');
    }

    static Value ratio(Map<String, Row> run, String variant, String baseline) {
        Value v = metric(run, variant, "");
        Value b = metric(run, baseline, "");
        if (v.missing() || b.missing()) {
            return Value.MISSING;
        }
        double r = v.score() / b.score();
        double rel = Math.sqrt(sq(v.err() / v.score()) + sq(b.err() / b.score()));
        return new Value(r, r * rel);
    }

    static Value delta(Map<String, Row> run, String variant, String baseline, String metric) {
        Value v = metric(run, variant, metric);
        Value b = metric(run, baseline, metric);
        if (v.missing() || b.missing()) {
            return Value.MISSING;
        }
        return new Value(v.score() - b.score(), Math.sqrt(sq(v.err()) + sq(b.err())));
    }

    private static Value metric(Map<String, Row> run, String benchmark, String metric) {
        Row row = run.get(benchmark);
        return row == null ? Value.MISSING : row.get(metric);
    }

    private static double sq(double x) {
        return x * x;
    }

    private static String vs(String variant, String baseline) {
        return "`" + variant + "` / `" + baseline + "`";
    }

    private static void ratioAtLeast(StringBuilder out, String target, Map<String, Row> run, String variant, String baseline,
            double min) {
        Value r = ratio(run, variant, baseline);
        out.append("| ").append(target).append(" | ").append(vs(variant, baseline)).append(" | ")
                .append(fmt(r, 3, "×")).append(" | ").append(verdict(r, min, true)).append(" |\n");
    }

    private static void ratioInfo(StringBuilder out, String target, Map<String, Row> run, String variant, String baseline) {
        Value r = ratio(run, variant, baseline);
        out.append("| ").append(target).append(" | ").append(vs(variant, baseline)).append(" | ")
                .append(fmt(r, 3, "×")).append(" | – |\n");
    }

    private static void deltaAtMost(StringBuilder out, String target, Map<String, Row> run, String variant, String baseline,
            String metric, double max, String unit) {
        Value d = delta(run, variant, baseline, metric);
        out.append("| ").append(target).append(" | ").append(vs(variant, baseline)).append(" | ")
                .append(fmtSigned(d, unit.equals("B") ? 0 : 2, unit)).append(" | ").append(verdict(d, max, false)).append(" |\n");
    }

    private static void noAddedAllocation(StringBuilder out, String target, Map<String, Row> run, String variant, String baseline) {
        Value d = delta(run, variant, baseline, "gc.alloc.rate.norm");
        String verdict;
        if (d.missing()) {
            verdict = "not measured";
        } else {
            // JMH's alloc figure is exact per op up to TLAB and sampling noise: a few bytes either way
            double noise = Math.max(d.err(), 16);
            verdict = d.score() <= 0 ? "met (less than the baseline: fork-to-fork JIT noise)"
                    : d.score() <= noise ? "met (within noise " + Math.round(noise) + " B)" : "missed";
        }
        out.append("| ").append(target).append(" | ").append(vs(variant, baseline)).append(" | ")
                .append(fmtSigned(d, 0, "B")).append(" | ").append(verdict).append(" |\n");
    }

    private static void peerRow(StringBuilder out, String peer, Map<String, Row> run, String variant, String baseline) {
        out.append("| ").append(peer).append(" | ").append(vs(variant, baseline)).append(" | ")
                .append(fmt(ratio(run, variant, baseline), 3, "×")).append(" | ")
                .append(fmtSigned(delta(run, variant, baseline, CpuProfiler.CLIENT_CPU), 2, "")).append(" | ")
                .append(fmtSigned(delta(run, variant, baseline, "gc.alloc.rate.norm"), 0, "")).append(" |\n");
    }

    private static String verdict(Value v, double bound, boolean atLeast) {
        if (v.missing()) {
            return "not measured";
        }
        boolean met = atLeast ? v.score() >= bound : v.score() <= bound;
        boolean clear = atLeast ? v.score() - v.err() >= bound : v.score() + v.err() <= bound;
        boolean clearlyMissed = atLeast ? v.score() + v.err() < bound : v.score() - v.err() > bound;
        if (met) {
            return clear ? "met" : "met (bound within error)";
        }
        return clearlyMissed ? "missed" : "missed on the point estimate (bound within error)";
    }

    private static String fmt(Value v, int decimals, String unit) {
        if (v.missing()) {
            return "–";
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " ± " + f, v.score(), v.err()) + (unit.isEmpty() ? "" : " " + unit);
    }

    private static String fmtSigned(Value v, int decimals, String unit) {
        if (v.missing()) {
            return "–";
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, "%+" + (decimals == 0 ? ".0f" : "." + decimals + "f") + " ± " + f, v.score(), v.err())
                + (unit.isEmpty() ? "" : " " + unit);
    }
}
