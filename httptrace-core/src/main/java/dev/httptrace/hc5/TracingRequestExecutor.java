package dev.httptrace.hc5;

import java.io.IOException;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HeaderElements;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * HttpCore's request executor, bracketing each traced exchange: first the pending {@code gotConn} of a new
 * connection (everything up to the request is done by then), then the exchange runs over the pool's
 * {@link TracingManagedConnection}, which fires the exchange hooks while the attempt is in its exchange;
 * a failure ends the exchange with {@code exchangeFailed}. The executor's own logic (what to send when) is
 * untouched. A proxy tunnel's {@code CONNECT} is executed untraced. Uses only HttpCore's public API.
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
        if (attempt == null || !(conn instanceof TracingManagedConnection) || "CONNECT".equals(request.getMethod())) {
            return super.execute(request, conn, informationCallback, context);
        }
        // the connection is ready (TCP, proxy tunnel and TLS done): a new one's gotConn fires now
        attempt.connected();
        attempt.beginExchange(expectsContinue(request), request.getEntity() == null);
        ClassicHttpResponse response;
        try {
            response = super.execute(request, conn, informationCallback, context);
        } catch (IOException | HttpException | RuntimeException ex) {
            attempt.exchangeFailed(ex);
            throw ex;
        }
        attempt.endExchange();
        return response;
    }

    private static boolean expectsContinue(ClassicHttpRequest request) {
        if (request.getEntity() == null) {
            return false;
        }
        Header expect = request.getFirstHeader(HttpHeaders.EXPECT);
        return expect != null && HeaderElements.CONTINUE.equalsIgnoreCase(expect.getValue());
    }
}
