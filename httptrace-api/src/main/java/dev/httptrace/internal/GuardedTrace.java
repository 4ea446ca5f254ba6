package dev.httptrace.internal;

import java.util.List;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import org.jspecify.annotations.Nullable;

/**
 * How a transport calls a request's trace: {@code fire<Hook>} calls each trace of a composite
 * ({@link ComposedClientTrace}) on its own, in order, and a trace that throws is reported to the
 * {@link HookErrorHandler} once per trace and hook, never to the request, and never stops the traces after it (a
 * {@link VirtualMachineError} is rethrown). The base of each transport's per-attempt state, so that guarding adds no
 * object and no allocation per hook. Not API: it may change in any release.
 */
public abstract class GuardedTrace {

    private final ClientTrace trace;

    private final HookErrorHandler errors;

    protected GuardedTrace(ClientTrace trace, HookErrorHandler errors) {
        this.trace = trace;
        this.errors = errors;
    }

    /** The request's trace, as given. */
    protected final ClientTrace trace() {
        return trace;
    }

    /** Where hook failures go. */
    protected final HookErrorHandler errors() {
        return errors;
    }

    private int traceCount() {
        return trace instanceof ComposedClientTrace composed ? composed.size() : 1;
    }

    private ClientTrace trace(int index) {
        return trace instanceof ComposedClientTrace composed ? composed.get(index) : trace;
    }

    private void hookFailed(String hook, Throwable error) {
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        try {
            errors.hookFailed(hook, error);
        } catch (RuntimeException ignored) {
            // the error handler is a hook too: it must not break the request either
        }
    }

    public final void fireGetConn(String hostPort) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).getConn(hostPort);
            } catch (Throwable ex) {
                hookFailed("getConn", ex);
            }
        }
    }

    public final void fireGotConn(GotConnInfo info) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).gotConn(info);
            } catch (Throwable ex) {
                hookFailed("gotConn", ex);
            }
        }
    }

    public final void firePutIdleConn(@Nullable Throwable err) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).putIdleConn(err);
            } catch (Throwable ex) {
                hookFailed("putIdleConn", ex);
            }
        }
    }

    public final void fireGotFirstResponseByte() {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).gotFirstResponseByte();
            } catch (Throwable ex) {
                hookFailed("gotFirstResponseByte", ex);
            }
        }
    }

    public final void fireGot100Continue() {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).got100Continue();
            } catch (Throwable ex) {
                hookFailed("got100Continue", ex);
            }
        }
    }

    public final void fireGot1xxResponse(int code, Map<String, List<String>> headers) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).got1xxResponse(code, headers);
            } catch (Throwable ex) {
                hookFailed("got1xxResponse", ex);
            }
        }
    }

    public final void fireDnsStart(DnsStartInfo info) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).dnsStart(info);
            } catch (Throwable ex) {
                hookFailed("dnsStart", ex);
            }
        }
    }

    public final void fireDnsDone(DnsDoneInfo info) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).dnsDone(info);
            } catch (Throwable ex) {
                hookFailed("dnsDone", ex);
            }
        }
    }

    public final void fireConnectStart(String network, String addr) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).connectStart(network, addr);
            } catch (Throwable ex) {
                hookFailed("connectStart", ex);
            }
        }
    }

    public final void fireConnectDone(String network, String addr, @Nullable Throwable err) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).connectDone(network, addr, err);
            } catch (Throwable ex) {
                hookFailed("connectDone", ex);
            }
        }
    }

    public final void fireTlsHandshakeStart() {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).tlsHandshakeStart();
            } catch (Throwable ex) {
                hookFailed("tlsHandshakeStart", ex);
            }
        }
    }

    public final void fireTlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).tlsHandshakeDone(state, err);
            } catch (Throwable ex) {
                hookFailed("tlsHandshakeDone", ex);
            }
        }
    }

    public final void fireWroteHeaders() {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).wroteHeaders();
            } catch (Throwable ex) {
                hookFailed("wroteHeaders", ex);
            }
        }
    }

    public final void fireWait100Continue() {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).wait100Continue();
            } catch (Throwable ex) {
                hookFailed("wait100Continue", ex);
            }
        }
    }

    public final void fireWroteRequest(WroteRequestInfo info) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).wroteRequest(info);
            } catch (Throwable ex) {
                hookFailed("wroteRequest", ex);
            }
        }
    }

    public final void fireGetConnFailed(Throwable err) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).getConnFailed(err);
            } catch (Throwable ex) {
                hookFailed("getConnFailed", ex);
            }
        }
    }

    public final void fireExchangeFailed(Throwable err) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).exchangeFailed(err);
            } catch (Throwable ex) {
                hookFailed("exchangeFailed", ex);
            }
        }
    }

    public final void fireGotFinalResponse(int code) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).gotFinalResponse(code);
            } catch (Throwable ex) {
                hookFailed("gotFinalResponse", ex);
            }
        }
    }

    public final void fireResponseBodyDone(ResponseBodyInfo info) {
        for (int i = 0, n = traceCount(); i < n; i++) {
            try {
                trace(i).responseBodyDone(info);
            } catch (Throwable ex) {
                hookFailed("responseBodyDone", ex);
            }
        }
    }
}
