package dev.httptrace;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * {@code first.andThen(second)}: every hook runs {@code first}'s, then {@code second}'s; the second runs
 * even when the first throws, and the first exception is rethrown afterwards (a second one is added to it
 * as suppressed). Written out per hook so that a call allocates nothing.
 */
record ComposedClientTrace(ClientTrace first, ClientTrace second) implements ClientTrace {

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
        try {
            first.getConn(hostPort);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.getConn(hostPort);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void gotConn(GotConnInfo info) {
        Throwable failure = null;
        try {
            first.gotConn(info);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.gotConn(info);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void putIdleConn(@Nullable Throwable err) {
        Throwable failure = null;
        try {
            first.putIdleConn(err);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.putIdleConn(err);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void gotFirstResponseByte() {
        Throwable failure = null;
        try {
            first.gotFirstResponseByte();
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.gotFirstResponseByte();
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void got100Continue() {
        Throwable failure = null;
        try {
            first.got100Continue();
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.got100Continue();
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        Throwable failure = null;
        try {
            first.got1xxResponse(code, headers);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.got1xxResponse(code, headers);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        Throwable failure = null;
        try {
            first.dnsStart(info);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.dnsStart(info);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        Throwable failure = null;
        try {
            first.dnsDone(info);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.dnsDone(info);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void connectStart(String network, String addr) {
        Throwable failure = null;
        try {
            first.connectStart(network, addr);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.connectStart(network, addr);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        Throwable failure = null;
        try {
            first.connectDone(network, addr, err);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.connectDone(network, addr, err);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void tlsHandshakeStart() {
        Throwable failure = null;
        try {
            first.tlsHandshakeStart();
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.tlsHandshakeStart();
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        Throwable failure = null;
        try {
            first.tlsHandshakeDone(state, err);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.tlsHandshakeDone(state, err);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void wroteHeaders() {
        Throwable failure = null;
        try {
            first.wroteHeaders();
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.wroteHeaders();
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void wait100Continue() {
        Throwable failure = null;
        try {
            first.wait100Continue();
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.wait100Continue();
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        Throwable failure = null;
        try {
            first.wroteRequest(info);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.wroteRequest(info);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void getConnFailed(Throwable err) {
        Throwable failure = null;
        try {
            first.getConnFailed(err);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.getConnFailed(err);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void exchangeFailed(Throwable err) {
        Throwable failure = null;
        try {
            first.exchangeFailed(err);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.exchangeFailed(err);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void gotFinalResponse(int code) {
        Throwable failure = null;
        try {
            first.gotFinalResponse(code);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.gotFinalResponse(code);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }

    @Override
    public void responseBodyDone(ResponseBodyInfo info) {
        Throwable failure = null;
        try {
            first.responseBodyDone(info);
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        try {
            second.responseBodyDone(info);
        } catch (RuntimeException | Error ex) {
            failure = merge(failure, ex);
        }
        rethrow(failure);
    }
}
