package dev.httptrace.hc5;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HeaderElements;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * HttpCore's request executor, run over a connection wrapper that fires the exchange's hooks: first the
 * pending {@code gotConn} of a new connection (everything up to the request is done by then), then
 * {@code wroteHeaders} when the head is written, {@code wait100Continue} when the executor starts waiting
 * for {@code 100 Continue}, {@code got100Continue} and {@code got1xxResponse} as interim responses arrive,
 * {@code wroteRequest} after the flush that ends the request. The executor's own logic (what to send
 * when) is untouched. A proxy tunnel's {@code CONNECT} is executed untraced. Public API.
 */
final class TracingRequestExecutor extends HttpRequestExecutor {

    TracingRequestExecutor(Timeout waitForContinue) {
        super(waitForContinue, null, null);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection conn,
            @Nullable HttpResponseInformationCallback informationCallback, HttpContext context)
            throws IOException, HttpException {
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt == null || "CONNECT".equals(request.getMethod())) {
            return super.execute(request, conn, informationCallback, context);
        }
        // the connection is ready (TCP, proxy tunnel and TLS done): a new one's gotConn fires now
        attempt.connected();
        attempt.beginExchange();
        // a pooled connection keeps one exchange wrapper over HttpClient's own connection (one forwarding
        // layer, not two); it is leased to one attempt at a time
        ExchangeConnection exchange = conn instanceof TracingManagedConnection pooled ? pooled.exchange() : new ExchangeConnection(conn);
        exchange.begin(attempt, expectsContinue(request));
        try {
            return super.execute(request, exchange, informationCallback, context);
        } finally {
            exchange.end();
            attempt.endExchange();
        }
    }

    private static boolean expectsContinue(ClassicHttpRequest request) {
        if (request.getEntity() == null) {
            return false;
        }
        Header expect = request.getFirstHeader(HttpHeaders.EXPECT);
        return expect != null && HeaderElements.CONTINUE.equalsIgnoreCase(expect.getValue());
    }

    /**
     * The connection as the executor sees it during a traced exchange: set up by {@link #begin} for each
     * exchange, released by {@link #end}, so that a pooled connection can keep one (used by one thread at a
     * time, as the connection is).
     */
    static final class ExchangeConnection extends ForwardingClientConnection<HttpClientConnection> {

        /** The attempt of the running exchange; null between exchanges. */
        private @Nullable TraceAttempt attempt;

        private boolean expectContinue;

        /** Whether the next flush ends the request: the body (or its skipping) has been handed over. */
        private boolean requestComplete;

        ExchangeConnection(HttpClientConnection delegate) {
            super(delegate);
        }

        void begin(TraceAttempt attempt, boolean expectContinue) {
            this.attempt = attempt;
            this.expectContinue = expectContinue;
            this.requestComplete = false;
        }

        /** Lets go of the attempt (and with it the request's trace) once the exchange is over. */
        void end() {
            this.attempt = null;
        }

        /** The running exchange's attempt: the executor calls this wrapper only between begin and end. */
        private TraceAttempt attempt() {
            TraceAttempt current = attempt;
            if (current == null) {
                throw new IllegalStateException("no traced exchange is running on " + delegate);
            }
            return current;
        }

        @Override
        public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
            try {
                delegate.sendRequestHeader(request);
            } catch (IOException | HttpException | RuntimeException ex) {
                attempt().requestWritten(ex);
                throw ex;
            }
            attempt().wroteHeaders();
            // without a body the request is complete once its head is flushed; with one (and no
            // expect-continue) the executor sends the body before that flush
            requestComplete = request.getEntity() == null;
        }

        @Override
        public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
            try {
                delegate.sendRequestEntity(request);
            } catch (IOException | HttpException | RuntimeException ex) {
                attempt().requestWritten(ex);
                throw ex;
            }
            requestComplete = true;
        }

        @Override
        public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
            try {
                delegate.terminateRequest(request);
            } catch (IOException | HttpException | RuntimeException ex) {
                attempt().requestWritten(ex);
                throw ex;
            }
            requestComplete = true;
        }

        @Override
        public void flush() throws IOException {
            try {
                delegate.flush();
            } catch (IOException | RuntimeException ex) {
                attempt().requestWritten(ex);
                throw ex;
            }
            if (requestComplete) {
                attempt().requestWritten(null);
            } else if (expectContinue) {
                attempt().startWaitingForContinue();
            }
        }

        @Override
        public boolean isDataAvailable(Timeout timeout) throws IOException {
            boolean available = delegate.isDataAvailable(timeout);
            if (available && attempt().isWaitingForContinue()) {
                // isDataAvailable buffered the first bytes: the parser will not see them arrive
                attempt().firstResponseByte();
            }
            return available;
        }

        @Override
        public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
            ClassicHttpResponse response = delegate.receiveResponseHeader();
            int code = response.getCode();
            if (code == HttpStatus.SC_CONTINUE && attempt().isWaitingForContinue()) {
                attempt().got100Continue();
            }
            if (code >= 100 && code < 200 && code != HttpStatus.SC_SWITCHING_PROTOCOLS) {
                attempt().got1xxResponse(code, headers(response));
            }
            return response;
        }

        private static Map<String, List<String>> headers(ClassicHttpResponse response) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Header header : response.getHeaders()) {
                headers.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
            }
            headers.replaceAll((name, values) -> List.copyOf(values));
            return Collections.unmodifiableMap(headers);
        }
    }
}
