package dev.httptrace.benchmarks;

import java.util.Arrays;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One JMH benchmark, as its class (without this package) and {@code @Benchmark} method, checked when made.
 *
 * @param type the class name after {@code dev.httptrace.benchmarks.}
 * @param method the benchmark method
 */
record BenchmarkId(String type, String method) {

    private static final String PACKAGE = "dev.httptrace.benchmarks.";

    /**
     * The benchmark {@code method} of {@code type}.
     *
     * @throws IllegalArgumentException when {@code type} has no public {@code @Benchmark} method {@code method}
     */
    static BenchmarkId of(Class<?> type, String method) {
        check(type, method);
        return new BenchmarkId(type.getName().substring(PACKAGE.length()), method);
    }

    /**
     * A benchmark of a class that only some builds compile (the HttpClient 5.6 peers): checked like
     * {@link #of} when the class is there.
     */
    static BenchmarkId ofOptional(String type, String method) {
        try {
            check(Class.forName(PACKAGE + type), method);
        } catch (ClassNotFoundException | LinkageError absent) {
            // not part of this build
        }
        return new BenchmarkId(type, method);
    }

    /** A JMH include pattern that matches this benchmark only. */
    String regex() {
        return "^" + Pattern.quote(PACKAGE + name()) + "$";
    }

    /** The benchmark JMH is running, from its fully qualified {@code class.method} name. */
    static BenchmarkId running(BenchmarkParams params) {
        String name = params.getBenchmark().substring(PACKAGE.length());
        int dot = name.lastIndexOf('.');
        return new BenchmarkId(name.substring(0, dot), name.substring(dot + 1));
    }

    private static void check(Class<?> type, String method) {
        boolean found = Arrays.stream(type.getMethods())
                .anyMatch(m -> m.getName().equals(method) && m.isAnnotationPresent(Benchmark.class));
        if (!found) {
            throw new IllegalArgumentException(type.getName() + " has no @Benchmark method " + method);
        }
    }

    /** The name in JMH's results, without this package: {@code Scenario1KeepAlive.plain}. */
    String name() {
        return type + "." + method;
    }
}
