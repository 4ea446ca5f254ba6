package dev.httptrace.hc5;

import java.io.IOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * Runs after HttpClient's {@code CONNECT} step (TCP, proxy tunnel and TLS done), right before the request
 * is sent: fires the pending {@code gotConn} of a new connection. Public API.
 */
final class ConnectedHandler implements ExecChainHandler {

    static final String NAME = "httptrace-connected";

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt != null) {
            attempt.connected();
        }
        return chain.proceed(request, scope);
    }
}
