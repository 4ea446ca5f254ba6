package dev.httptrace.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link ClientTrace#andThen}: a flat array of traces, in order, with no nested composite and no
 * {@link ClientTrace#NONE}. Called directly, every hook runs each trace's, each even when one before it threw, then
 * rethrows the first exception (the others added to it as suppressed). A transport reads the traces with
 * {@link #size()} and {@link #get(int)} and guards each one itself ({@link GuardedTrace}), so that every failure is
 * counted once. Written out per hook so that a call allocates nothing. Not API: it may change in any release.
 */
public final class ComposedClientTrace implements ClientTrace {

    private final ClientTrace[] traces;

    private ComposedClientTrace(ClientTrace[] traces) {
        this.traces = traces;
    }

    /** {@code first.andThen(next)}: {@code first}'s traces, then {@code next}'s; a trace alone when the other is NONE. */
    public static ClientTrace of(ClientTrace first, ClientTrace next) {
        if (next == NONE) {
            return first;
        }
        if (first == NONE) {
            return next;
        }
        ClientTrace[] all = new ClientTrace[count(first) + count(next)];
        copy(next, all, copy(first, all, 0));
        return new ComposedClientTrace(all);
    }

    private static int count(ClientTrace trace) {
        return trace instanceof ComposedClientTrace composed ? composed.traces.length : 1;
    }

    /** Copies {@code trace}'s traces into {@code all} from {@code at}; returns the index after them. */
    private static int copy(ClientTrace trace, ClientTrace[] all, int at) {
        if (trace instanceof ComposedClientTrace composed) {
            System.arraycopy(composed.traces, 0, all, at, composed.traces.length);
            return at + composed.traces.length;
        }
        all[at] = trace;
        return at + 1;
    }

    /** How many traces this composes (at least two). */
    public int size() {
        return traces.length;
    }

    /** The trace at {@code index}, in compose order. */
    public ClientTrace get(int index) {
        return traces[index];
    }

    private static Throwable merge(@Nullable Throwable failure, Throwable next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }

    private static void rethrow(@Nullable Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    @Override
    public void getConn(String hostPort) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.getConn(hostPort);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void gotConn(GotConnInfo info) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.gotConn(info);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void putIdleConn(@Nullable Throwable err) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.putIdleConn(err);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void gotFirstResponseByte() {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.gotFirstResponseByte();
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void got100Continue() {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.got100Continue();
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.got1xxResponse(code, headers);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.dnsStart(info);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.dnsDone(info);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void connectStart(String network, String addr) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.connectStart(network, addr);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.connectDone(network, addr, err);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void tlsHandshakeStart() {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.tlsHandshakeStart();
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.tlsHandshakeDone(state, err);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void wroteHeaders() {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.wroteHeaders();
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void wait100Continue() {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.wait100Continue();
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.wroteRequest(info);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void getConnFailed(Throwable err) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.getConnFailed(err);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void exchangeFailed(Throwable err) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.exchangeFailed(err);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void gotFinalResponse(int code) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.gotFinalResponse(code);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public void responseBodyDone(ResponseBodyInfo info) {
        Throwable failure = null;
        for (ClientTrace trace : traces) {
            try {
                trace.responseBodyDone(info);
            } catch (RuntimeException | Error ex) {
                failure = merge(failure, ex);
            }
        }
        rethrow(failure);
    }

    @Override
    public String toString() {
        return "ComposedClientTrace" + Arrays.toString(traces);
    }
}
