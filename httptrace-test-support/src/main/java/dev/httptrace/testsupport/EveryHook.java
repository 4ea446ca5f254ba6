package dev.httptrace.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;

import dev.httptrace.ClientTrace;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * A request that fires every hook of a successful exchange: an HTTPS POST with {@code Expect: 100-continue} to a
 * host name on a new connection, answered with {@code 100} and then {@code 200}; and traces that throw in one hook.
 */
public final class EveryHook {

    /** Go's hooks that {@link #request} fires, in order. */
    public static final List<String> GO_HOOKS = List.of("getConn", "dnsStart", "dnsDone", "connectStart",
            "connectDone", "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wait100Continue",
            "gotFirstResponseByte", "got100Continue", "got1xxResponse", "wroteRequest", "putIdleConn");

    /** Every hook that {@link #request} fires, those beyond Go included, in order. */
    public static final List<String> HOOKS = List.of("getConn", "dnsStart", "dnsDone", "connectStart", "connectDone",
            "tlsHandshakeStart", "tlsHandshakeDone", "gotConn", "wroteHeaders", "wait100Continue",
            "gotFirstResponseByte", "got100Continue", "got1xxResponse", "wroteRequest", "gotFinalResponse",
            "responseBodyDone", "putIdleConn");

    private EveryHook() {
    }

    /** A keep-alive TLS server (certificate for {@code localhost}) that answers each request with 100, then 200 "ok". */
    public static ScriptedServer server(TestCertificates certs) {
        return ScriptedServer.startTls(certs, c -> {
            RawRequest request;
            while ((request = c.readRequest()) != null) {
                c.write("HTTP/1.1 100 Continue\r\n\r\n");
                c.readBody(request.contentLength());
                c.writeResponse(200, "ok");
            }
        });
    }

    /** The POST to {@code server} by host name; the client must enable expect-continue and trust the certificate. */
    public static HttpPost request(ScriptedServer server) {
        HttpPost post = new HttpPost(server.url("/").replace("127.0.0.1", "localhost"));
        post.setEntity(new StringEntity("payload", ContentType.TEXT_PLAIN));
        return post;
    }

    /** A trace whose {@code hook} throws {@code IllegalStateException("thrown by <hook>")} and whose other hooks do nothing. */
    public static ClientTrace throwingIn(String hook) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals(hook)) {
                throw new IllegalStateException("thrown by " + hook);
            }
            if (method.getName().equals("andThen")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (method.getName().equals("toString")) {
                return "throwingIn(" + hook + ")";
            }
            return null;
        };
        return (ClientTrace) Proxy.newProxyInstance(ClientTrace.class.getClassLoader(), new Class<?>[] {ClientTrace.class}, handler);
    }
}
