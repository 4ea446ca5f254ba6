package dev.httptrace.sample;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * URL mode: traces the user's URLs with an injected {@link RestClient} (the JVM's default trust store, redirects not
 * followed) and prints a waterfall per request, or one error line. A bean in both modes (unused in the demo's): ahead
 * of time the context is the demo's web one, and URL mode must find it there too.
 */
@Component
final class UrlRunner {

    private final RestClient client;

    UrlRunner(RestClient.Builder restClientBuilder) {
        this.client = restClientBuilder.build();
    }

    /**
     * Sends {@code GET} to each URL {@code count} times in a row (after the first, over the pooled connection when
     * the server keeps it alive), printing waterfalls to {@code out} and error lines to {@code err}. A URL that fails
     * is not tried again.
     *
     * @return 0 when every request got a response, whatever its status; 1 when one could not be made
     */
    int run(List<URI> urls, int count, PrintStream out, PrintStream err, boolean debug) {
        WaterfallPrinter waterfalls = new WaterfallPrinter(out, debug);
        WaterfallPrinter errors = new WaterfallPrinter(err, debug);
        boolean allCompleted = true;
        boolean printed = false;
        for (URI uri : urls) {
            for (int i = 0; i < count; i++) {
                TracedCall call = TracedCall.send("GET", uri, this.client.get().uri(uri));
                if (!call.completed()) {
                    errors.printError(call);
                    allCompleted = false;
                    break;
                }
                if (printed) {
                    out.println();
                }
                waterfalls.print(call);
                printed = true;
            }
        }
        return allCompleted ? 0 : 1;
    }
}
