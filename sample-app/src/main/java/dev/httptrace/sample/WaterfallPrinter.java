package dev.httptrace.sample;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.httptrace.GotConnInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.sample.TracedCall.Response;
import dev.httptrace.sample.Waterfall.Phase;
import dev.httptrace.sample.Waterfall.Span;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Prints a {@link TracedCall} the way httpstat does: the request; a summary line (status, body size, total time); the
 * connection (new, or reused with its idle time; TLS protocol and cipher; whether it went back to the pool); then one
 * column per phase with its duration ({@code phase} row) and the time elapsed since the request started when the
 * phase ended ({@code elapsed} row: httpstat's namelookup, connect, pretransfer, starttransfer and total).
 * Milliseconds; a phase that did not happen shows {@code —}. A failed request prints one line: {@code error: cannot
 * reach URL: Exception message}, with the failed phase when the trace saw one, and its stack trace only in debug mode.
 */
final class WaterfallPrinter {

    static final String ABSENT = "—";

    private static final String ROW_LABEL = "%-9s";

    private final PrintStream out;

    private final boolean debug;

    WaterfallPrinter(PrintStream out, boolean debug) {
        this.out = out;
        this.debug = debug;
    }

    /** Prints the waterfall of a call that got a response, or the one error line of a call that did not. */
    void print(TracedCall call) {
        Response response = call.response();
        if (response == null) {
            printError(call);
            return;
        }
        Waterfall waterfall = call.waterfall();
        this.out.println(call.method() + " " + display(call.uri()));
        this.out.println("  " + summary(response, waterfall));
        this.out.println("  " + connection(waterfall));
        List<String> phases = new ArrayList<>();
        List<String> elapsed = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            Span span = waterfall.span(phase);
            phases.add(span == null ? ABSENT : millis(span.nanos()));
            elapsed.add(span == null ? ABSENT : millis(span.end()));
        }
        this.out.println("  " + ROW_LABEL.formatted("") + "  " + cells(labels(), "   "));
        this.out.println("  " + ROW_LABEL.formatted("phase") + "[ " + cells(phases, " | ") + " ]");
        this.out.println("  " + ROW_LABEL.formatted("elapsed") + "  " + cells(elapsed, "   "));
        notes(response, waterfall).forEach((note) -> this.out.println("  " + note));
    }

    /** Prints {@code error: cannot reach URL: Exception message}, and the stack trace in debug mode. */
    void printError(TracedCall call) {
        Exception error = call.error();
        String cause = (error == null) ? "no response" : describe(rootCause(error));
        Phase failed = call.waterfall().failedPhase();
        Span span = (failed != null) ? call.waterfall().span(failed) : null;
        String where = (failed != null && span != null)
                ? " (" + failed.label() + " failed after " + millis(span.nanos()) + ")" : "";
        this.out.println("error: cannot reach " + display(call.uri()) + ": " + cause + where);
        if (this.debug && error != null) {
            error.printStackTrace(this.out);
        }
    }

    /** The column labels, in phase order. */
    static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            labels.add(phase.label());
        }
        return labels;
    }

    private static String summary(Response response, Waterfall waterfall) {
        HttpStatus status = HttpStatus.resolve(response.status());
        StringBuilder summary = new StringBuilder()
                .append(response.status()).append(status != null ? " " + status.getReasonPhrase() : "")
                .append(" · ").append(response.bodyBytes()).append(response.bodyBytes() == 1 ? " byte" : " bytes");
        Duration total = waterfall.total();
        if (total != null) {
            summary.append(" · total ").append(millis(total.toNanos()));
        }
        return summary.toString();
    }

    private static String connection(Waterfall waterfall) {
        StringBuilder line = new StringBuilder();
        GotConnInfo connection = waterfall.connection();
        if (connection != null) {
            line.append(connection.reused() ? "reused" : "new").append(" connection ")
                    .append(address(connection.conn().localAddress())).append(" → ")
                    .append(address(connection.conn().remoteAddress()));
            if (connection.reused()) {
                line.append(", idle ").append(millis(connection.idleTime().toNanos()));
            }
        } else {
            line.append("no connection");
        }
        TlsConnectionState tls = waterfall.tls();
        if (tls != null && tls.handshakeComplete()) {
            line.append(" · ").append(tls.protocol()).append(' ').append(tls.cipherSuite());
        }
        line.append(waterfall.keptAlive() ? " · kept alive" : " · closed after the response");
        return line.toString();
    }

    private static List<String> notes(Response response, Waterfall waterfall) {
        List<String> notes = new ArrayList<>();
        if (waterfall.expectedContinue()) {
            Duration wait = waterfall.continueWait();
            Duration waitAndBody = waterfall.continueWaitAndBody();
            if (wait != null && waitAndBody != null) {
                notes.add("Expect: 100-continue: \"100 Continue\" came after " + millis(wait.toNanos())
                        + ", the body was sent " + millis(waitAndBody.minus(wait).toNanos())
                        + " later (both in server processing)");
            } else {
                notes.add("Expect: 100-continue: no \"100 Continue\" came (the server answered at once, or the wait "
                        + "for it ran out)");
            }
        }
        if (waterfall.connectAttempts() > 1) {
            notes.add("TCP connect tried " + waterfall.connectAttempts() + " addresses");
        }
        if (waterfall.attempts() > 1) {
            notes.add("HttpClient sent this request " + waterfall.attempts() + " times (a retry): the phases are the "
                    + "last attempt's, elapsed times count from the first");
        }
        if (response.location() != null) {
            notes.add("Location: " + response.location() + " (redirects are not followed)");
        }
        return notes;
    }

    private static String cells(List<String> values, String separator) {
        List<String> labels = labels();
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            int width = Math.max(labels.get(i).length(), 10);
            cells.add(" ".repeat(Math.max(0, width - values.get(i).length())) + values.get(i));
        }
        return String.join(separator, cells);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
    }

    private static String address(InetSocketAddress address) {
        String host = (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The URI without user-info, which may hold a password. */
    static String display(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException ex) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }

    /** {@code SimpleName message}, e.g. {@code UnknownHostException nope.invalid}. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + ((message == null || message.isBlank()) ? "" : " " + message);
    }

    /**
     * The innermost {@link IOException} of the cause chain (what went wrong on the wire, without Spring's and
     * HttpClient's wrappers), else the innermost cause.
     */
    static Throwable rootCause(Throwable error) {
        Throwable innermost = error;
        @Nullable Throwable innermostIo = (error instanceof IOException) ? error : null;
        for (Throwable cause = error.getCause(); cause != null && cause != innermost; cause = cause.getCause()) {
            innermost = cause;
            if (cause instanceof IOException) {
                innermostIo = cause;
            }
        }
        return (innermostIo != null) ? innermostIo : innermost;
    }
}
