package dev.httptrace.sample;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sample's own options, read from the command line before Spring starts; every other argument (for example
 * {@code --server.port=9090}) is left for Spring.
 *
 * @param mode what to run
 * @param urls the URLs to trace in {@link Mode#URLS} mode, as given
 * @param count how many times to request each URL
 * @param debug whether to print stack traces of failed requests
 * @param springArgs the arguments for {@code SpringApplication.run}
 */
record CommandLine(Mode mode, List<URI> urls, int count, boolean debug, List<String> springArgs) {

    static final String USAGE = """
            Usage: the loopback demo, then the application keeps serving /actuator/metrics and /actuator/prometheus:
                     (no options)
                   the loopback demo, then exit (0 when every call went as expected, else 1):
                     --demo-and-exit
                   trace your own URLs with GET, then exit (0 when every request got a response, whatever its status;
                   1 when one could not be made; 2 for a usage error):
                     --url=https://example.org/ [--url=...] [--count=N]
            Options: --count=N   request each URL N times in a row (default 1)
                     --debug     print the stack trace of a failed request
                     --help      print this text
            Other --name=value arguments are Spring Boot properties, e.g. --server.port=9090.
            """;

    CommandLine {
        urls = List.copyOf(urls);
        springArgs = List.copyOf(springArgs);
    }

    /** What the sample runs. */
    enum Mode {
        /** The demo, then keep serving the actuator endpoints. */
        DEMO,
        /** The demo, then exit. */
        DEMO_AND_EXIT,
        /** Trace the given URLs, then exit. */
        URLS,
        /** Print {@link #USAGE}. */
        HELP
    }

    /**
     * Reads the sample's options.
     *
     * @throws UsageException for a malformed URL, a bad count or options that do not go together
     */
    static CommandLine parse(String... args) {
        List<URI> urls = new ArrayList<>();
        List<String> springArgs = new ArrayList<>();
        Integer count = null;
        boolean debug = false;
        boolean demoAndExit = false;
        boolean help = false;
        for (String arg : args) {
            if (arg.equals("--url")) {
                throw new UsageException("--url needs a value, e.g. --url=https://example.org/");
            } else if (arg.startsWith("--url=")) {
                urls.add(url(arg.substring("--url=".length())));
            } else if (arg.equals("--count") || arg.startsWith("--count=")) {
                count = count(arg.substring(Math.min(arg.length(), "--count=".length())));
            } else if (arg.equals("--debug")) {
                debug = true;
            } else if (arg.equals("--demo-and-exit")) {
                demoAndExit = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else {
                springArgs.add(arg);
            }
        }
        if (help) {
            return new CommandLine(Mode.HELP, List.of(), 1, debug, springArgs);
        }
        if (urls.isEmpty() && count != null) {
            throw new UsageException("--count applies to --url only");
        }
        if (!urls.isEmpty() && demoAndExit) {
            throw new UsageException("--demo-and-exit and --url do not go together");
        }
        Mode mode = !urls.isEmpty() ? Mode.URLS : demoAndExit ? Mode.DEMO_AND_EXIT : Mode.DEMO;
        return new CommandLine(mode, urls, (count != null) ? count : 1, debug, springArgs);
    }

    /** Whether the Spring arguments set {@code server.port}. */
    boolean setsServerPort() {
        return this.springArgs.stream().anyMatch((arg) -> arg.startsWith("--server.port="));
    }

    private static URI url(String given) {
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException ex) {
            throw new UsageException("malformed URL '" + given + "': " + ex.getReason()
                    + (ex.getIndex() >= 0 ? " at index " + ex.getIndex() : ""));
        }
        String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("malformed URL '" + given + "': expected an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new UsageException("malformed URL '" + given + "': no valid host name");
        }
        return uri;
    }

    private static int count(String given) {
        try {
            int count = Integer.parseInt(given);
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        throw new UsageException("--count needs a positive whole number, got '" + given + "'");
    }

    /** A command line the sample cannot run; the message is one line for the user. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
