package dev.httptrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * A trace that records every hook as an {@link Event}, with the thread and {@link System#nanoTime()} it ran
 * at, and checks that starts and ends pair up. Shared by every module's tests (published in the test-jar).
 */
public final class RecordingClientTrace implements ClientTrace {

    /** One recorded hook call. */
    public sealed interface Event {

        /** The hook's name, as the method is called ({@code "gotConn"}). */
        default String name() {
            String simple = getClass().getSimpleName();
            return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
        }
    }

    public record GetConn(String hostPort) implements Event {
    }

    public record GotConn(GotConnInfo info) implements Event {
    }

    public record PutIdleConn(@Nullable Throwable err) implements Event {
    }

    public record GotFirstResponseByte() implements Event {
    }

    public record Got100Continue() implements Event {
    }

    public record Got1xxResponse(int code, Map<String, List<String>> headers) implements Event {
    }

    public record DnsStart(DnsStartInfo info) implements Event {
    }

    public record DnsDone(DnsDoneInfo info) implements Event {
    }

    public record ConnectStart(String network, String addr) implements Event {
    }

    public record ConnectDone(String network, String addr, @Nullable Throwable err) implements Event {
    }

    public record TlsHandshakeStart() implements Event {
    }

    public record TlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) implements Event {
    }

    public record WroteHeaders() implements Event {
    }

    public record Wait100Continue() implements Event {
    }

    public record WroteRequest(WroteRequestInfo info) implements Event {
    }

    /** An event with where and when it was recorded. */
    public record Recorded(Event event, String thread, long nanoTime) {
    }

    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    private void record(Event event) {
        recorded.add(new Recorded(event, Thread.currentThread().getName(), System.nanoTime()));
    }

    public List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    public List<Event> events() {
        return recorded.stream().map(Recorded::event).toList();
    }

    /** The hook names in the order they fired. */
    public List<String> names() {
        return recorded.stream().map(r -> r.event().name()).toList();
    }

    /** The first event of the given type. */
    public <E extends Event> E first(Class<E> type) {
        return all(type).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + names()));
    }

    /** All events of the given type, in order. */
    public <E extends Event> List<E> all(Class<E> type) {
        return recorded.stream().map(Recorded::event).filter(type::isInstance).map(type::cast).toList();
    }

    /** Nanoseconds between the first {@code from} and the first {@code to} event. */
    public long nanosBetween(Class<? extends Event> from, Class<? extends Event> to) {
        return at(to) - at(from);
    }

    private long at(Class<? extends Event> type) {
        return recorded.stream().filter(r -> type.isInstance(r.event())).mapToLong(Recorded::nanoTime).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + names()));
    }

    public void clear() {
        recorded.clear();
    }

    /**
     * The pairing rules every trace must keep, as violations (empty when all hold): every dnsStart,
     * connectStart and tlsHandshakeStart has its done before the next start of its kind and before
     * gotConn; connectDone names the address its start named; gotConn comes after a getConn; no done
     * without its start.
     */
    public List<String> pairingViolations() {
        List<String> violations = new ArrayList<>();
        String openDns = null;
        String openConnect = null;
        boolean openTls = false;
        boolean openGetConn = false;
        int index = 0;
        for (Event event : events()) {
            String at = "#" + index++ + " " + event.name();
            if (event instanceof GetConn) {
                if (openDns != null || openConnect != null || openTls) {
                    violations.add(at + ": a new attempt began with a stage still open");
                }
                openGetConn = true;
            } else if (event instanceof DnsStart d) {
                if (openDns != null) {
                    violations.add(at + ": dnsStart while " + openDns + " is open");
                }
                openDns = d.info().host();
            } else if (event instanceof DnsDone) {
                if (openDns == null) {
                    violations.add(at + ": dnsDone without dnsStart");
                }
                openDns = null;
            } else if (event instanceof ConnectStart c) {
                if (openConnect != null) {
                    violations.add(at + ": connectStart while " + openConnect + " is open");
                }
                openConnect = c.addr();
            } else if (event instanceof ConnectDone c) {
                if (openConnect == null) {
                    violations.add(at + ": connectDone without connectStart");
                } else if (!openConnect.equals(c.addr())) {
                    violations.add(at + ": connectDone(" + c.addr() + ") after connectStart(" + openConnect + ")");
                }
                openConnect = null;
            } else if (event instanceof TlsHandshakeStart) {
                if (openTls) {
                    violations.add(at + ": tlsHandshakeStart while a handshake is open");
                }
                openTls = true;
            } else if (event instanceof TlsHandshakeDone) {
                if (!openTls) {
                    violations.add(at + ": tlsHandshakeDone without tlsHandshakeStart");
                }
                openTls = false;
            } else if (event instanceof GotConn) {
                if (!openGetConn) {
                    violations.add(at + ": gotConn without getConn");
                }
                if (openDns != null || openConnect != null || openTls) {
                    violations.add(at + ": gotConn with a stage still open");
                }
                openGetConn = false;
            }
        }
        if (openDns != null || openConnect != null || openTls) {
            violations.add("a stage was left open at the end: " + names());
        }
        return violations;
    }

    @Override
    public void getConn(String hostPort) {
        record(new GetConn(hostPort));
    }

    @Override
    public void gotConn(GotConnInfo info) {
        record(new GotConn(info));
    }

    @Override
    public void putIdleConn(@Nullable Throwable err) {
        record(new PutIdleConn(err));
    }

    @Override
    public void gotFirstResponseByte() {
        record(new GotFirstResponseByte());
    }

    @Override
    public void got100Continue() {
        record(new Got100Continue());
    }

    @Override
    public void got1xxResponse(int code, Map<String, List<String>> headers) {
        record(new Got1xxResponse(code, headers));
    }

    @Override
    public void dnsStart(DnsStartInfo info) {
        record(new DnsStart(info));
    }

    @Override
    public void dnsDone(DnsDoneInfo info) {
        record(new DnsDone(info));
    }

    @Override
    public void connectStart(String network, String addr) {
        record(new ConnectStart(network, addr));
    }

    @Override
    public void connectDone(String network, String addr, @Nullable Throwable err) {
        record(new ConnectDone(network, addr, err));
    }

    @Override
    public void tlsHandshakeStart() {
        record(new TlsHandshakeStart());
    }

    @Override
    public void tlsHandshakeDone(TlsConnectionState state, @Nullable Throwable err) {
        record(new TlsHandshakeDone(state, err));
    }

    @Override
    public void wroteHeaders() {
        record(new WroteHeaders());
    }

    @Override
    public void wait100Continue() {
        record(new Wait100Continue());
    }

    @Override
    public void wroteRequest(WroteRequestInfo info) {
        record(new WroteRequest(info));
    }
}
