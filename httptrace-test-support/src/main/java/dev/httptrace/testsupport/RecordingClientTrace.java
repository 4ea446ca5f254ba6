package dev.httptrace.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.ResponseBodyInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.WroteRequestInfo;
import org.jspecify.annotations.Nullable;

/**
 * A trace that records every hook as an {@link Event}, with the thread and {@link System#nanoTime()} it ran
 * at, and checks pairing, order and arguments of its events ({@link #violations()}) — automatically after
 * every test, through {@link RecorderChecks}. Shared by every module's tests.
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

    /** Not in Go. */
    public record GetConnFailed(Throwable err) implements Event {
    }

    /** Not in Go. */
    public record ExchangeFailed(Throwable err) implements Event {
    }

    /** Not in Go. */
    public record GotFinalResponse(int code) implements Event {
    }

    /** Not in Go. */
    public record ResponseBodyDone(ResponseBodyInfo info) implements Event {
    }

    /** An event with where and when it was recorded. */
    public record Recorded(Event event, String thread, long nanoTime) {
    }

    /** The name of every hook ({@code getConn}, ..., {@code responseBodyDone}). */
    public static final Set<String> HOOK_NAMES = Arrays.stream(Event.class.getPermittedSubclasses())
            .map((type) -> Character.toLowerCase(type.getSimpleName().charAt(0)) + type.getSimpleName().substring(1))
            .collect(Collectors.toUnmodifiableSet());

    /** The events that are Go's own hooks (the rest are this library's, beyond Go). */
    private static final Set<Class<?>> BEYOND_GO = Set.of(GetConnFailed.class, ExchangeFailed.class,
            GotFinalResponse.class, ResponseBodyDone.class);

    /** Every recorder made since {@link RecorderChecks} last looked, so that each is checked after its test. */
    static final Queue<RecordingClientTrace> CREATED = new ConcurrentLinkedQueue<>();

    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    public RecordingClientTrace() {
        CREATED.add(this);
    }

    private void record(Event event) {
        recorded.add(new Recorded(event, Thread.currentThread().getName(), System.nanoTime()));
    }

    public List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    public List<Event> events() {
        return recorded.stream().map(Recorded::event).toList();
    }

    /**
     * The names of Go's hooks in the order they fired: the hooks beyond Go ({@code getConnFailed},
     * {@code exchangeFailed}, {@code gotFinalResponse}, {@code responseBodyDone}) are left out, so that a
     * sequence compares with Go's own (oracle-sequences.md).
     */
    public List<String> names() {
        return recorded.stream().map(Recorded::event).filter(e -> !BEYOND_GO.contains(e.getClass())).map(Event::name).toList();
    }

    /** The names of every hook in the order they fired, those beyond Go included. */
    public List<String> allNames() {
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

    /**
     * Waits, up to {@code timeout}, until a {@code type} event is recorded (a hook that comes a moment after the call
     * returned, such as a reactive client's {@code putIdleConn}); returns this recorder either way.
     */
    public RecordingClientTrace awaitEvent(Class<? extends Event> type, Duration timeout) throws InterruptedException {
        return awaitEvents(type, 1, timeout);
    }

    /** As {@link #awaitEvent}, until {@code count} events of {@code type} were recorded. */
    public RecordingClientTrace awaitEvents(Class<? extends Event> type, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all(type).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return this;
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
     * Every rule this trace's events break, as violations (empty when all hold). Checked for every recorder
     * after every test by {@link RecorderChecks}; tests may call it mid-way too.
     * <ul>
     * <li>Pairing: every dnsStart, connectStart and tlsHandshakeStart has its done before the next start of
     * its kind and before gotConn; connectDone names the address its start named; no done without its start;
     * no stage left open at the end.</li>
     * <li>Order, per attempt: getConn, then exactly one of gotConn and getConnFailed; the exchange hooks only
     * after gotConn; gotFirstResponseByte at most once, before any got1xxResponse and before gotFinalResponse;
     * exchangeFailed only before gotFinalResponse; responseBodyDone once, after gotFinalResponse; putIdleConn
     * at most once, after responseBodyDone.</li>
     * <li>Arguments: gotConn's reused equals wasIdle, its idle time is positive exactly when reused; dnsDone
     * has addresses exactly when it has no error; tlsHandshakeDone is complete exactly when it has no error,
     * with a protocol; connectDone's network is tcp; 1xx codes are 100..199 except 101, final codes are not
     * 1xx (101 included).</li>
     * </ul>
     */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        String openDns = null;
        String openConnect = null;
        boolean openTls = false;
        boolean acquiring = false;
        boolean connected = false;
        boolean firstByte = false;
        boolean finalResponse = false;
        boolean bodyDone = false;
        boolean putIdle = false;
        int index = 0;
        for (Event event : events()) {
            String at = "#" + index++ + " " + event.name() + " in " + allNames() + ": ";
            boolean stageOpen = openDns != null || openConnect != null || openTls;
            if (event instanceof GetConn g) {
                if (stageOpen) {
                    violations.add(at + "a new attempt began with a stage still open");
                }
                if (acquiring) {
                    violations.add(at + "the previous attempt had neither gotConn nor getConnFailed");
                }
                acquiring = true;
                connected = false;
                firstByte = false;
                finalResponse = false;
                bodyDone = false;
                putIdle = false;
            } else if (event instanceof DnsStart d) {
                if (openDns != null) {
                    violations.add(at + "dnsStart while " + openDns + " is open");
                }
                openDns = d.info().host();
            } else if (event instanceof DnsDone d) {
                if (openDns == null) {
                    violations.add(at + "dnsDone without dnsStart");
                }
                openDns = null;
                if ((d.info().err() == null) == d.info().addrs().isEmpty()) {
                    violations.add(at + "dnsDone must have addresses exactly when it has no error: " + d.info());
                }
            } else if (event instanceof ConnectStart c) {
                if (openConnect != null) {
                    violations.add(at + "connectStart while " + openConnect + " is open");
                }
                openConnect = c.addr();
            } else if (event instanceof ConnectDone c) {
                if (openConnect == null) {
                    violations.add(at + "connectDone without connectStart");
                } else if (!openConnect.equals(c.addr())) {
                    violations.add(at + "connectDone(" + c.addr() + ") after connectStart(" + openConnect + ")");
                }
                if (!"tcp".equals(c.network())) {
                    violations.add(at + "network " + c.network());
                }
                openConnect = null;
            } else if (event instanceof TlsHandshakeStart t) {
                if (openTls) {
                    violations.add(at + "tlsHandshakeStart while a handshake is open");
                }
                openTls = true;
            } else if (event instanceof TlsHandshakeDone t) {
                if (!openTls) {
                    violations.add(at + "tlsHandshakeDone without tlsHandshakeStart");
                }
                openTls = false;
                if (t.state().handshakeComplete() != (t.err() == null)
                        || t.state().handshakeComplete() && t.state().protocol().isEmpty()) {
                    violations.add(at + "handshake state " + t.state() + " with error " + t.err());
                }
            } else if (event instanceof GotConn g) {
                if (!acquiring) {
                    violations.add(at + "gotConn without getConn");
                }
                if (stageOpen) {
                    violations.add(at + "gotConn with a stage still open");
                }
                GotConnInfo info = g.info();
                if (info.reused() != info.wasIdle() || info.reused() == (info.idleTime().isZero() || info.idleTime().isNegative())) {
                    violations.add(at + "reused, wasIdle and idle time disagree: " + info);
                }
                acquiring = false;
                connected = true;
            } else if (event instanceof GetConnFailed f) {
                if (!acquiring) {
                    violations.add(at + "getConnFailed without getConn, or after gotConn");
                }
                if (stageOpen) {
                    violations.add(at + "getConnFailed with a stage still open");
                }
                acquiring = false;
            } else if (event instanceof WroteHeaders w) {
                requireConnected(violations, at, connected);
            } else if (event instanceof Wait100Continue w) {
                requireConnected(violations, at, connected);
            } else if (event instanceof WroteRequest w) {
                requireConnected(violations, at, connected);
            } else if (event instanceof Got100Continue c) {
                requireConnected(violations, at, connected && firstByte);
            } else if (event instanceof GotFirstResponseByte b) {
                requireConnected(violations, at, connected && !firstByte);
                firstByte = true;
            } else if (event instanceof Got1xxResponse r) {
                requireConnected(violations, at, connected && firstByte && !finalResponse);
                if (r.code() < 100 || r.code() > 199 || r.code() == 101) {
                    violations.add(at + "interim code " + r.code());
                }
            } else if (event instanceof GotFinalResponse r) {
                requireConnected(violations, at, connected && firstByte && !finalResponse);
                if (r.code() < 200 && r.code() != 101) {
                    violations.add(at + "final code " + r.code());
                }
                finalResponse = true;
            } else if (event instanceof ExchangeFailed f) {
                requireConnected(violations, at, connected && !finalResponse);
                connected = false;
            } else if (event instanceof ResponseBodyDone d) {
                if (!finalResponse || bodyDone) {
                    violations.add(at + "responseBodyDone must follow gotFinalResponse, once");
                }
                bodyDone = true;
            } else if (event instanceof PutIdleConn p) {
                if (!bodyDone || putIdle) {
                    violations.add(at + "putIdleConn must follow responseBodyDone, once");
                }
                putIdle = true;
            }
        }
        if (openDns != null || openConnect != null || openTls) {
            violations.add("a stage was left open at the end: " + allNames());
        }
        return violations;
    }

    /** {@link #violations()}; the name the pairing-only check had. */
    public List<String> pairingViolations() {
        return violations();
    }

    private static void requireConnected(List<String> violations, String at, boolean ok) {
        if (!ok) {
            violations.add(at + "out of order");
        }
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

    @Override
    public void getConnFailed(Throwable err) {
        record(new GetConnFailed(err));
    }

    @Override
    public void exchangeFailed(Throwable err) {
        record(new ExchangeFailed(err));
    }

    @Override
    public void gotFinalResponse(int code) {
        record(new GotFinalResponse(code));
    }

    @Override
    public void responseBodyDone(ResponseBodyInfo info) {
        record(new ResponseBodyDone(info));
    }
}
