package dev.httptrace.sample;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.exchange.ExchangeTimeline.Mark;
import dev.httptrace.exchange.Phases;
import dev.httptrace.sample.TracedCall.Response;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Prints a {@link TracedCall} in the manner of httpstat, from its exchange timeline: the request; a summary line
 * (status, body size, total time); the connection (new, or reused with its idle time; the TLS protocol and cipher);
 * then one column per phase with its duration ({@code phase} row) and the time elapsed since {@code getConn} when it
 * ended ({@code elapsed} row). The phases are the timeline's, as HAR 1.2 and Chrome's Timing tab name them, so the
 * figures are those of the actuator endpoint and the slow-call log; TLS is part of connect, as in HAR. Milliseconds;
 * a phase that did not happen shows {@code —}. A failed request prints one line: {@code error: cannot reach URL:
 * Exception message}, with the stage that failed when the timeline saw one, and its stack trace only in debug mode.
 */
final class WaterfallPrinter {

    static final String ABSENT = "—";

    /** The column labels, in the order of {@link Phases#toArray()}. */
    static final List<String> LABELS = List.of("Blocked", "DNS lookup", "Connect", "of it TLS", "Send",
            "Wait (server)", "Receive");

    private static final int SSL = 3;

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
        ExchangeTimeline exchange = call.lastAttempt();
        if (response == null || exchange == null) {
            printError(call);
            return;
        }
        this.out.println(call.method() + " " + display(call.uri()));
        this.out.println("  " + summary(response, exchange));
        this.out.println("  " + connection(exchange));
        long[] phases = exchange.phases().toArray();
        List<String> durations = new ArrayList<>();
        List<String> elapsed = new ArrayList<>();
        long end = 0;
        for (int i = 0; i < phases.length; i++) {
            boolean happened = phases[i] != Phases.ABSENT;
            if (happened && i != SSL) {
                end += phases[i]; // the phases follow each other; ssl lies inside connect and ends with it
            }
            durations.add(happened ? millis(phases[i]) : ABSENT);
            elapsed.add(happened ? millis(end) : ABSENT);
        }
        this.out.println("  " + ROW_LABEL.formatted("") + "  " + cells(LABELS, "   "));
        this.out.println("  " + ROW_LABEL.formatted("phase") + "[ " + cells(durations, " | ") + " ]");
        this.out.println("  " + ROW_LABEL.formatted("elapsed") + "  " + cells(elapsed, "   "));
        notes(call, response, exchange).forEach((note) -> this.out.println("  " + note));
    }

    /** Prints {@code error: cannot reach URL: Exception message}, and the stack trace in debug mode. */
    void printError(TracedCall call) {
        Exception error = call.error();
        String cause = (error == null) ? "no response" : describe(rootCause(error));
        ExchangeTimeline exchange = call.lastAttempt();
        String where = (exchange == null) ? "" : " (" + failedStage(exchange) + ")";
        this.out.println("error: cannot reach " + display(call.uri()) + ": " + cause + where);
        if (this.debug && error != null) {
            error.printStackTrace(this.out);
        }
    }

    /** Where an attempt that got no response stopped, and after how long: {@code TCP connect failed after 0.4 ms}. */
    static String failedStage(ExchangeTimeline exchange) {
        Phases phases = exchange.phases();
        if (exchange.offsetNanos(Mark.GOT_CONN) >= 0) {
            return "the exchange failed on the connection after " + millis(exchange.total().toNanos());
        }
        if (phases.sslNanos() != Phases.ABSENT) {
            return "TLS handshake failed after " + millis(phases.sslNanos());
        }
        if (phases.connectNanos() != Phases.ABSENT) {
            return "TCP connect failed after " + millis(phases.connectNanos());
        }
        if (phases.dnsNanos() != Phases.ABSENT) {
            return "DNS lookup failed after " + millis(phases.dnsNanos());
        }
        return "no connection from the pool after " + millis(phases.blockedNanos());
    }

    private static String summary(Response response, ExchangeTimeline exchange) {
        HttpStatus status = HttpStatus.resolve(response.status());
        return response.status() + (status != null ? " " + status.getReasonPhrase() : "") + " · "
                + response.bodyBytes() + (response.bodyBytes() == 1 ? " byte" : " bytes") + " · total "
                + millis(exchange.total().toNanos());
    }

    private static String connection(ExchangeTimeline exchange) {
        String remote = exchange.remoteAddress();
        if (exchange.offsetNanos(Mark.GOT_CONN) < 0 || remote == null) {
            return "no connection";
        }
        StringBuilder line = new StringBuilder()
                .append(exchange.reused() ? "reused" : "new").append(" connection ")
                .append(exchange.localAddress()).append(" → ").append(remote);
        Duration idle = exchange.idle();
        if (exchange.reused() && idle != null) {
            line.append(", idle ").append(millis(idle.toNanos()));
        }
        if (exchange.tlsProtocol() != null) {
            line.append(" · ").append(exchange.tlsProtocol()).append(' ').append(exchange.tlsCipherSuite());
        }
        return line.toString();
    }

    private static List<String> notes(TracedCall call, Response response, ExchangeTimeline exchange) {
        List<String> notes = new ArrayList<>();
        long wait = exchange.offsetNanos(Mark.WAIT_100_CONTINUE);
        if (wait >= 0) {
            long got = exchange.offsetNanos(Mark.GOT_100_CONTINUE);
            long wrote = exchange.offsetNanos(Mark.WROTE_REQUEST);
            if (got >= 0 && wrote >= got) {
                notes.add("Expect: 100-continue: \"100 Continue\" came after " + millis(got - wait)
                        + ", the body was sent " + millis(wrote - got) + " later (both in send)");
            } else {
                notes.add("Expect: 100-continue: no \"100 Continue\" came (the server answered at once, or the wait "
                        + "for it ran out)");
            }
        }
        if (exchange.connectAttempts() > 1) {
            notes.add("TCP connect tried " + exchange.connectAttempts() + " addresses");
        }
        if (call.attempts().size() > 1) {
            notes.add("HttpClient sent this request " + call.attempts().size() + " times (a retry): the phases are the "
                    + "last attempt's");
        }
        if (response.location() != null) {
            notes.add("Location: " + response.location() + " (redirects are not followed)");
        }
        return notes;
    }

    private static String cells(List<String> values, String separator) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            int width = Math.max(LABELS.get(i).length(), 9);
            cells.add(" ".repeat(Math.max(0, width - values.get(i).length())) + values.get(i));
        }
        return String.join(separator, cells);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
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
