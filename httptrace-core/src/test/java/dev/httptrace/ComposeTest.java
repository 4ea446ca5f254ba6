package dev.httptrace;

import java.util.ArrayList;
import java.util.List;

import dev.httptrace.internal.ComposedClientTrace;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compose order, Go's TestCompose: the trace attached last runs first; composites run every part. */
class ComposeTest {

    private final List<String> calls = new ArrayList<>();

    private ClientTrace named(String name) {
        return new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                calls.add(name + " getConn " + hostPort);
            }

            @Override
            public void wroteHeaders() {
                calls.add(name + " wroteHeaders");
            }
        };
    }

    @Test
    void andThenCallsThisThenNext() {
        named("a").andThen(named("b")).getConn("h:1");

        assertThat(calls).containsExactly("a getConn h:1", "b getConn h:1");
    }

    @Test
    void andThenChainsKeepTheirOrder() {
        named("a").andThen(named("b")).andThen(named("c")).wroteHeaders();
        named("x").andThen(named("y").andThen(named("z"))).wroteHeaders();

        assertThat(calls).containsExactly("a wroteHeaders", "b wroteHeaders", "c wroteHeaders",
                "x wroteHeaders", "y wroteHeaders", "z wroteHeaders");
    }

    @Test
    void compositionsFlattenIntoOneListWithoutNone() {
        ClientTrace a = named("a");
        ClientTrace b = named("b");
        ClientTrace c = named("c");

        ClientTrace left = a.andThen(b).andThen(ClientTrace.NONE).andThen(c);
        ClientTrace right = a.andThen(ClientTrace.NONE.andThen(b.andThen(c)));

        for (ClientTrace composed : List.of(left, right)) {
            assertThat(composed).isInstanceOfSatisfying(ComposedClientTrace.class, flat -> {
                assertThat(flat.size()).isEqualTo(3);
                assertThat(List.of(flat.get(0), flat.get(1), flat.get(2))).containsExactly(a, b, c);
            });
        }
    }

    @Test
    void nullFailsFastWhereATraceIsGiven() {
        ClientTrace a = named("a");

        assertThatThrownBy(() -> a.andThen(null)).isInstanceOf(NullPointerException.class).hasMessage("next");
        assertThatThrownBy(() -> HttpTrace.withClientTrace(HttpClientContext.create(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("trace");
        assertThatThrownBy(() -> HttpTrace.withClientTrace((ClientTrace) null))
                .isInstanceOf(NullPointerException.class).hasMessage("trace");
    }

    @Test
    void composingWithNoneIsTheTraceItself() {
        ClientTrace a = named("a");

        assertThat(a.andThen(ClientTrace.NONE)).isSameAs(a);
        assertThat(ClientTrace.NONE.andThen(a)).isSameAs(a);
    }

    @Test
    void nextRunsWhenThisThrowsAndTheFirstErrorIsRethrown() {
        ClientTrace throwing = new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                throw new IllegalStateException("first");
            }
        };
        ClientTrace alsoThrowing = new ClientTrace() {
            @Override
            public void getConn(String hostPort) {
                calls.add("second ran");
                throw new IllegalArgumentException("second");
            }
        };

        assertThatThrownBy(() -> throwing.andThen(named("b")).getConn("h:1")).hasMessage("first");
        assertThatThrownBy(() -> throwing.andThen(alsoThrowing).getConn("h:1"))
                .hasMessage("first")
                .satisfies(ex -> assertThat(ex.getSuppressed()).extracting(Throwable::getMessage).containsExactly("second"));
        assertThat(calls).containsExactly("b getConn h:1", "second ran");
    }

    @Test
    void withClientTraceOnATracedContextRunsTheNewTraceFirst() {
        HttpClientContext parent = HttpTrace.withClientTrace(HttpClientContext.create(), named("old"));
        HttpClientContext child = HttpTrace.withClientTrace(parent, named("new"));

        HttpTrace.contextClientTrace(child).getConn("h:1");

        assertThat(calls).containsExactly("new getConn h:1", "old getConn h:1");
        assertThat(HttpTrace.contextClientTrace(parent)).isNotSameAs(HttpTrace.contextClientTrace(child));
    }

    @Test
    void contextWithoutTraceHasNone() {
        assertThat(HttpTrace.contextClientTrace(HttpClientContext.create())).isNull();
        assertThat(HttpTrace.contextClientTrace(new BasicHttpContext())).isNull();
    }

    @Test
    void childContextKeepsTheParentsSettingsAndAttributes() {
        HttpClientContext parent = HttpClientContext.create();
        parent.setAttribute("user.key", "value");
        parent.setUserToken("token");

        HttpClientContext child = HttpTrace.withClientTrace(parent, named("t"));

        assertThat(child.getAttribute("user.key")).isEqualTo("value");
        assertThat(child.getUserToken()).isEqualTo("token");
        assertThat(HttpTrace.contextClientTrace(parent)).isNull();
    }

    @Test
    void threadScopesNestAndRestore() {
        assertThat(HttpTrace.scopeClientTrace()).isNull();
        try (HttpTrace.Scope outer = HttpTrace.withClientTrace(named("outer"))) {
            try (HttpTrace.Scope inner = HttpTrace.withClientTrace(named("inner"))) {
                HttpTrace.scopeClientTrace().getConn("h:1");
            }
            HttpTrace.scopeClientTrace().getConn("h:2");
        }

        assertThat(HttpTrace.scopeClientTrace()).isNull();
        assertThat(calls).containsExactly("inner getConn h:1", "outer getConn h:1", "outer getConn h:2");
    }

    @Test
    void scopeClosesOnlyOnItsOwnThreadAndOnce() throws Exception {
        HttpTrace.Scope scope = HttpTrace.withClientTrace(named("t"));
        Throwable[] fromOtherThread = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                scope.close();
            } catch (Throwable ex) {
                fromOtherThread[0] = ex;
            }
        });
        other.start();
        other.join();

        assertThat(fromOtherThread[0]).isInstanceOf(IllegalStateException.class);
        scope.close();
        scope.close();
        assertThat(HttpTrace.scopeClientTrace()).isNull();
    }
}
