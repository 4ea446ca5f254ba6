package dev.httptrace.micrometer;

import static dev.httptrace.micrometer.HookFixtures.V4;
import static dev.httptrace.micrometer.HookFixtures.V6;
import static dev.httptrace.micrometer.HookFixtures.failedHandshake;
import static dev.httptrace.micrometer.HookFixtures.handshake;
import static dev.httptrace.micrometer.HookFixtures.newConnection;
import static dev.httptrace.micrometer.HookFixtures.notResolved;
import static dev.httptrace.micrometer.HookFixtures.pooledConnection;
import static dev.httptrace.micrometer.HookFixtures.request;
import static dev.httptrace.micrometer.HookFixtures.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.WroteRequestInfo;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each test drives one trace through the hook sequence Go's transport produces for a scenario
 * (oracle-sequences.md; HttpClient 5's variants from DESIGN.md §3), advancing a {@link MockClock} between
 * hooks, then asserts every meter in the registry with its full tag set, count and total.
 */
class MeterClientTraceFactoryTest {

    private final MockClock clock = new MockClock();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    private final MeterClientTraceFactory factory = new MeterClientTraceFactory(registry);

    private void advance(long millis) {
        clock.add(Duration.ofMillis(millis));
    }

    private List<String> meters() {
        return MeterSnapshot.of(registry);
    }

    @Test
    void createReturnsAFreshTracePerRequest() {
        ClientTrace first = factory.create(request("GET", "http://example.com/"));
        ClientTrace second = factory.create(request("GET", "http://example.com/"));

        assertThat(first).isNotSameAs(second).isNotSameAs(ClientTrace.NONE);
        assertThat(registry.getMeters()).as("meters are registered when first recorded, not per trace").isEmpty();
    }

    @Nested
    class Http {

        @Test
        void freshConnectionByHostName() {
            ClientTrace trace = factory.create(request("GET", "http://example.com/items"));
            trace.getConn("example.com:80");
            advance(1);
            trace.dnsStart(new DnsStartInfo("example.com"));
            advance(5);
            trace.dnsDone(resolved(V4));
            advance(1);
            trace.connectStart("tcp", "203.0.113.10:80");
            advance(20);
            trace.connectDone("tcp", "203.0.113.10:80", null);
            advance(1);
            trace.gotConn(newConnection());
            advance(2);
            trace.wroteHeaders();
            advance(3);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(40);
            trace.gotFirstResponseByte();
            advance(10);
            trace.putIdleConn(null);

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=example.com,exception=none,network.type=ipv4} count=1 total=20ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=false} count=1 total=28ms",
                    "httptrace.dns{client.name=example.com,exception=none} count=1 total=5ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=GET} count=1 total=5ms",
                    "httptrace.server.processing{client.name=example.com,exception=none,method=GET} count=1 total=40ms");
        }

        @Test
        void reusedConnectionRecordsItsIdleTime() {
            ClientTrace trace = factory.create(request("GET", "http://example.com/"));
            trace.getConn("example.com:80");
            advance(1);
            trace.gotConn(pooledConnection(Duration.ofMillis(30_000)));
            advance(2);
            trace.wroteHeaders();
            advance(1);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(40);
            trace.gotFirstResponseByte();
            advance(1);
            trace.putIdleConn(null);

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=true} count=1 total=1ms",
                    "httptrace.connection.idle{client.name=example.com} count=1 total=30000ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=GET} count=1 total=3ms",
                    "httptrace.server.processing{client.name=example.com,exception=none,method=GET} count=1 total=40ms");
        }

        @Test
        void ipLiteralHasNoDnsAndIpv6IsTaggedAsSuch() {
            ClientTrace trace = factory.create(request("DELETE", "http://[2001:db8::1]:8080/items/1"));
            trace.getConn("[2001:db8::1]:8080");
            advance(1);
            trace.connectStart("tcp", "[2001:db8::1]:8080");
            advance(7);
            trace.connectDone("tcp", "[2001:db8::1]:8080", null);
            trace.gotConn(newConnection());
            advance(1);
            trace.wroteHeaders();
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(9);
            trace.gotFirstResponseByte();

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=[2001:db8::1],exception=none,network.type=ipv6} count=1 total=7ms",
                    "httptrace.connection.acquire{client.name=[2001:db8::1],exception=none,reused=false} count=1 total=8ms",
                    "httptrace.request.write{client.name=[2001:db8::1],exception=none,method=DELETE} count=1 total=1ms",
                    "httptrace.server.processing{client.name=[2001:db8::1],exception=none,method=DELETE} count=1 total=9ms");
        }

        @Test
        void earlyHintsDoNotChangeServerProcessing() {
            ClientTrace trace = factory.create(request("GET", "http://example.com/"));
            trace.getConn("example.com:80");
            trace.gotConn(pooledConnection(Duration.ofMillis(100)));
            trace.wroteHeaders();
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(12);
            trace.gotFirstResponseByte();
            advance(30);
            trace.got1xxResponse(103, Map.of("Link", List.of("</style.css>; rel=preload")));

            assertThat(MeterSnapshot.of(registry, "httptrace.server.processing")).containsExactlyInAnyOrder(
                    "httptrace.server.processing{client.name=example.com,exception=none,method=GET} count=1 total=12ms");
        }
    }

    @Nested
    class Https {

        @Test
        void freshConnectionRecordsTheHandshakeWithItsVersion() {
            ClientTrace trace = factory.create(request("GET", "https://example.com/"));
            trace.getConn("example.com:443");
            advance(1);
            trace.dnsStart(new DnsStartInfo("example.com"));
            advance(4);
            trace.dnsDone(resolved(V4));
            advance(1);
            trace.connectStart("tcp", "203.0.113.10:443");
            advance(10);
            trace.connectDone("tcp", "203.0.113.10:443", null);
            advance(1);
            trace.tlsHandshakeStart();
            advance(30);
            trace.tlsHandshakeDone(handshake("TLSv1.3"), null);
            advance(1);
            trace.gotConn(newConnection());
            advance(1);
            trace.wroteHeaders();
            advance(1);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(25);
            trace.gotFirstResponseByte();
            trace.putIdleConn(null);

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=example.com,exception=none,network.type=ipv4} count=1 total=10ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=false} count=1 total=48ms",
                    "httptrace.dns{client.name=example.com,exception=none} count=1 total=4ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=GET} count=1 total=2ms",
                    "httptrace.server.processing{client.name=example.com,exception=none,method=GET} count=1 total=25ms",
                    "httptrace.tls.handshake{client.name=example.com,exception=none,tls.protocol.version=1.3} count=1 total=30ms");
        }

        @Test
        void tlsVersionsMapToTheirNumber() {
            for (String protocol : List.of("TLSv1.2", "TLSv1.3", "TLSv1.2", "SSLv3", "")) {
                ClientTrace trace = factory.create(request("GET", "https://example.com/"));
                trace.tlsHandshakeStart();
                advance(2);
                trace.tlsHandshakeDone(handshake(protocol), null);
            }

            assertThat(MeterSnapshot.of(registry)).containsExactlyInAnyOrder(
                    "httptrace.tls.handshake{client.name=example.com,exception=none,tls.protocol.version=1.2} count=2 total=4ms",
                    "httptrace.tls.handshake{client.name=example.com,exception=none,tls.protocol.version=1.3} count=1 total=2ms",
                    "httptrace.tls.handshake{client.name=example.com,exception=none,tls.protocol.version=unknown} count=2 total=4ms");
        }
    }

    @Nested
    class ExpectContinue {

        private ClientTrace sentHeaders() {
            ClientTrace trace = factory.create(request("POST", "http://example.com/upload"));
            trace.getConn("example.com:80");
            advance(1);
            trace.gotConn(pooledConnection(Duration.ofMillis(500)));
            advance(1);
            trace.wroteHeaders();
            advance(1);
            trace.wait100Continue();
            return trace;
        }

        @Test
        void acceptedRecordsTheWaitAndNoServerProcessing() {
            ClientTrace trace = sentHeaders();
            advance(15);
            trace.gotFirstResponseByte();
            advance(1);
            trace.got100Continue();
            trace.got1xxResponse(100, Map.of());
            advance(20);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(30);
            trace.putIdleConn(null);

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=true} count=1 total=1ms",
                    "httptrace.connection.idle{client.name=example.com} count=1 total=500ms",
                    "httptrace.continue.wait{client.name=example.com,outcome=continued} count=1 total=16ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=POST} count=1 total=38ms");
        }

        @Test
        void rejectedEndsTheWaitAtTheFinalResponsesFirstByte() {
            ClientTrace trace = sentHeaders();
            advance(15);
            trace.gotFirstResponseByte();
            advance(2);
            trace.wroteRequest(WroteRequestInfo.OK);

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=true} count=1 total=1ms",
                    "httptrace.connection.idle{client.name=example.com} count=1 total=500ms",
                    "httptrace.continue.wait{client.name=example.com,outcome=rejected} count=1 total=15ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=POST} count=1 total=19ms");
        }

        @Test
        void timeoutEndsTheWaitWhenTheBodyWasSentAndThenMeasuresTheServer() {
            ClientTrace trace = sentHeaders();
            advance(3000);
            advance(5);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(40);
            trace.gotFirstResponseByte();

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=true} count=1 total=1ms",
                    "httptrace.connection.idle{client.name=example.com} count=1 total=500ms",
                    "httptrace.continue.wait{client.name=example.com,outcome=timeout} count=1 total=3005ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=POST} count=1 total=3007ms",
                    "httptrace.server.processing{client.name=example.com,exception=none,method=POST} count=1 total=40ms");
        }

        @Test
        void connectionLostWhileWaitingRecordsOnlyTheWriteFailure() {
            ClientTrace trace = sentHeaders();
            advance(7);
            trace.wroteRequest(new WroteRequestInfo(new SocketException("Connection reset")));

            assertThat(MeterSnapshot.of(registry, "httptrace.continue.wait")).isEmpty();
            assertThat(MeterSnapshot.of(registry, "httptrace.request.write")).containsExactlyInAnyOrder(
                    "httptrace.request.write{client.name=example.com,exception=SocketException,method=POST} count=1 total=9ms");
        }
    }

    @Nested
    class Failures {

        @Test
        void dnsFailureEndsTheAcquire() {
            ClientTrace trace = factory.create(request("GET", "http://does-not-exist.invalid/"));
            trace.getConn("does-not-exist.invalid:80");
            advance(1);
            trace.dnsStart(new DnsStartInfo("does-not-exist.invalid"));
            advance(50);
            trace.dnsDone(notResolved(new UnknownHostException("does-not-exist.invalid")));
            trace.getConnFailed(new UnknownHostException("does-not-exist.invalid"));

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=does-not-exist.invalid,exception=UnknownHostException,reused=false} count=1 total=51ms",
                    "httptrace.dns{client.name=does-not-exist.invalid,exception=UnknownHostException} count=1 total=50ms");
        }

        @Test
        void refusedConnectThenSuccessOnTheSecondAddressIsOneSuccessfulAcquire() {
            ClientTrace trace = factory.create(request("GET", "http://example.com/"));
            trace.getConn("example.com:80");
            advance(1);
            trace.dnsStart(new DnsStartInfo("example.com"));
            advance(2);
            trace.dnsDone(resolved(V6, V4));
            advance(1);
            trace.connectStart("tcp", "[2001:db8::1]:80");
            advance(3);
            trace.connectDone("tcp", "[2001:db8::1]:80", new ConnectException("Connection refused"));
            advance(1);
            trace.connectStart("tcp", "203.0.113.10:80");
            advance(10);
            trace.connectDone("tcp", "203.0.113.10:80", null);
            advance(1);
            trace.gotConn(newConnection());
            trace.wroteHeaders();
            advance(2);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(20);
            trace.gotFirstResponseByte();

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=example.com,exception=ConnectException,network.type=ipv6} count=1 total=3ms",
                    "httptrace.connect{client.name=example.com,exception=none,network.type=ipv4} count=1 total=10ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=false} count=1 total=19ms",
                    "httptrace.dns{client.name=example.com,exception=none} count=1 total=2ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=GET} count=1 total=2ms",
                    "httptrace.server.processing{client.name=example.com,exception=none,method=GET} count=1 total=20ms");
        }

        @Test
        void everyAddressRefusedEndsTheAcquireAtTheLastFailure() {
            ClientTrace trace = factory.create(request("GET", "http://example.com/"));
            trace.getConn("example.com:80");
            trace.dnsStart(new DnsStartInfo("example.com"));
            advance(2);
            trace.dnsDone(resolved(V6, V4));
            trace.connectStart("tcp", "[2001:db8::1]:80");
            advance(3);
            trace.connectDone("tcp", "[2001:db8::1]:80", new ConnectException("Connection refused"));
            trace.connectStart("tcp", "203.0.113.10:80");
            advance(4);
            trace.connectDone("tcp", "203.0.113.10:80", new ConnectException("Connection refused"));
            trace.getConnFailed(new HttpHostConnectException("Connect to http://example.com:80 failed: Connection refused"));

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=example.com,exception=ConnectException,network.type=ipv4} count=1 total=4ms",
                    "httptrace.connect{client.name=example.com,exception=ConnectException,network.type=ipv6} count=1 total=3ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=ConnectException,reused=false} count=1 total=9ms",
                    "httptrace.dns{client.name=example.com,exception=none} count=1 total=2ms");
        }

        @Test
        void refusedIpLiteral() {
            ClientTrace trace = factory.create(request("GET", "http://127.0.0.1:1/"));
            trace.getConn("127.0.0.1:1");
            advance(1);
            trace.connectStart("tcp", "127.0.0.1:1");
            advance(2);
            trace.connectDone("tcp", "127.0.0.1:1", new ConnectException("Connection refused"));
            advance(1);
            // tagged with the stage's own exception, at its own time, not with HttpClient's wrapping of it
            trace.getConnFailed(new HttpHostConnectException("Connect to http://127.0.0.1:1 failed: Connection refused"));

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=127.0.0.1,exception=ConnectException,network.type=ipv4} count=1 total=2ms",
                    "httptrace.connection.acquire{client.name=127.0.0.1,exception=ConnectException,reused=false} count=1 total=3ms");
        }

        @Test
        void tlsFailureEndsTheAcquireWithUnknownVersion() {
            ClientTrace trace = factory.create(request("GET", "https://example.com/"));
            trace.getConn("example.com:443");
            trace.dnsStart(new DnsStartInfo("example.com"));
            advance(1);
            trace.dnsDone(resolved(V4));
            trace.connectStart("tcp", "203.0.113.10:443");
            advance(10);
            trace.connectDone("tcp", "203.0.113.10:443", null);
            trace.tlsHandshakeStart();
            advance(8);
            trace.tlsHandshakeDone(failedHandshake(), new SSLHandshakeException("PKIX path building failed"));
            trace.getConnFailed(new SSLHandshakeException("PKIX path building failed"));

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=example.com,exception=none,network.type=ipv4} count=1 total=10ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=SSLHandshakeException,reused=false} count=1 total=19ms",
                    "httptrace.dns{client.name=example.com,exception=none} count=1 total=1ms",
                    "httptrace.tls.handshake{client.name=example.com,exception=SSLHandshakeException,tls.protocol.version=unknown} count=1 total=8ms");
        }

        @Test
        void tlsFailureOnTheFirstAddressThenSuccessOnTheSecondIsOneSuccessfulAcquire() {
            // HttpClient 5 handshakes inside its loop over the addresses
            ClientTrace trace = factory.create(request("GET", "https://example.com/"));
            trace.getConn("example.com:443");
            trace.dnsStart(new DnsStartInfo("example.com"));
            trace.dnsDone(resolved(V6, V4));
            trace.connectStart("tcp", "[2001:db8::1]:443");
            advance(1);
            trace.connectDone("tcp", "[2001:db8::1]:443", null);
            trace.tlsHandshakeStart();
            advance(5);
            trace.tlsHandshakeDone(failedHandshake(), new SSLHandshakeException("Remote host terminated the handshake"));
            trace.connectStart("tcp", "203.0.113.10:443");
            advance(2);
            trace.connectDone("tcp", "203.0.113.10:443", null);
            trace.tlsHandshakeStart();
            advance(20);
            trace.tlsHandshakeDone(handshake("TLSv1.2"), null);
            trace.gotConn(newConnection());

            assertThat(MeterSnapshot.of(registry, "httptrace.connection.acquire")).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=false} count=1 total=28ms");
            assertThat(MeterSnapshot.of(registry, "httptrace.tls.handshake")).containsExactlyInAnyOrder(
                    "httptrace.tls.handshake{client.name=example.com,exception=SSLHandshakeException,tls.protocol.version=unknown} count=1 total=5ms",
                    "httptrace.tls.handshake{client.name=example.com,exception=none,tls.protocol.version=1.2} count=1 total=20ms");
        }

        @Test
        void writeFailureIsTaggedAndNoServerProcessingFollows() {
            ClientTrace trace = factory.create(request("PUT", "http://example.com/"));
            trace.getConn("example.com:80");
            trace.gotConn(pooledConnection(Duration.ofMillis(10)));
            advance(4);
            trace.wroteRequest(new WroteRequestInfo(new SocketException("Broken pipe")));

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=true} count=1 total=0ms",
                    "httptrace.connection.idle{client.name=example.com} count=1 total=10ms",
                    "httptrace.request.write{client.name=example.com,exception=SocketException,method=PUT} count=1 total=4ms");
        }
    }

    @Nested
    class Retries {

        @Test
        void staleConnectionThenRetryOnANewOneMeasuresEachAttempt() {
            // DESIGN.md §3 case (2): HttpClient 5 leases the dead pooled connection, gets no response, retries
            ClientTrace trace = factory.create(request("GET", "http://example.com/"));
            trace.getConn("example.com:80");
            advance(1);
            trace.gotConn(pooledConnection(Duration.ofMillis(5000)));
            advance(1);
            trace.wroteHeaders();
            advance(1);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(3);

            trace.getConn("example.com:80");
            advance(1);
            trace.dnsStart(new DnsStartInfo("example.com"));
            advance(2);
            trace.dnsDone(resolved(V4));
            trace.connectStart("tcp", "203.0.113.10:80");
            advance(6);
            trace.connectDone("tcp", "203.0.113.10:80", null);
            advance(1);
            trace.gotConn(newConnection());
            advance(1);
            trace.wroteHeaders();
            advance(1);
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(50);
            trace.gotFirstResponseByte();

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=example.com,exception=none,network.type=ipv4} count=1 total=6ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=false} count=1 total=10ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=true} count=1 total=1ms",
                    "httptrace.connection.idle{client.name=example.com} count=1 total=5000ms",
                    "httptrace.dns{client.name=example.com,exception=none} count=1 total=2ms",
                    "httptrace.request.write{client.name=example.com,exception=none,method=GET} count=2 total=4ms",
                    "httptrace.server.processing{client.name=example.com,exception=none,method=GET} count=1 total=50ms");
        }

        @Test
        void retryAfterAFailedAttemptRecordsTheFailureAndTheSuccess() {
            ClientTrace trace = factory.create(request("GET", "http://127.0.0.1:8080/"));
            trace.getConn("127.0.0.1:8080");
            advance(1);
            trace.connectStart("tcp", "127.0.0.1:8080");
            advance(2);
            trace.connectDone("tcp", "127.0.0.1:8080", new ConnectException("Connection refused"));
            trace.getConnFailed(new HttpHostConnectException("Connect to http://127.0.0.1:8080 failed: Connection refused"));
            advance(100);

            trace.getConn("127.0.0.1:8080");
            advance(1);
            trace.connectStart("tcp", "127.0.0.1:8080");
            advance(3);
            trace.connectDone("tcp", "127.0.0.1:8080", null);
            trace.gotConn(newConnection());
            trace.wroteRequest(WroteRequestInfo.OK);
            advance(7);
            trace.gotFirstResponseByte();

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.connect{client.name=127.0.0.1,exception=ConnectException,network.type=ipv4} count=1 total=2ms",
                    "httptrace.connect{client.name=127.0.0.1,exception=none,network.type=ipv4} count=1 total=3ms",
                    "httptrace.connection.acquire{client.name=127.0.0.1,exception=ConnectException,reused=false} count=1 total=3ms",
                    "httptrace.connection.acquire{client.name=127.0.0.1,exception=none,reused=false} count=1 total=4ms",
                    "httptrace.request.write{client.name=127.0.0.1,exception=none,method=GET} count=1 total=0ms",
                    "httptrace.server.processing{client.name=127.0.0.1,exception=none,method=GET} count=1 total=7ms");
        }

        @Test
        void aFailureOnAnEarlyAddressEndsTheAcquireOnlyAtGetConnFailed() {
            // two addresses, the first refused, and the transport gave up without trying the second
            ClientTrace trace = factory.create(request("GET", "http://example.com/"));
            trace.getConn("example.com:80");
            trace.dnsStart(new DnsStartInfo("example.com"));
            advance(1);
            trace.dnsDone(resolved(V4, V6));
            trace.connectStart("tcp", "203.0.113.10:80");
            advance(4);
            trace.connectDone("tcp", "203.0.113.10:80", new ConnectException("Connection refused"));

            assertThat(MeterSnapshot.of(registry, "httptrace.connection.acquire"))
                    .as("not yet known to be the end of the attempt").isEmpty();

            advance(10);
            trace.getConnFailed(new HttpHostConnectException("Connect to http://example.com:80 failed: Connection refused"));
            trace.getConn("example.com:80");
            advance(2);
            trace.gotConn(pooledConnection(Duration.ofMillis(1)));

            assertThat(MeterSnapshot.of(registry, "httptrace.connection.acquire")).containsExactlyInAnyOrder(
                    "httptrace.connection.acquire{client.name=example.com,exception=ConnectException,reused=false} count=1 total=5ms",
                    "httptrace.connection.acquire{client.name=example.com,exception=none,reused=true} count=1 total=2ms");
        }
    }

    @Nested
    class HookErrors {

        @Test
        void eachHookFailureIsCountedByHook() {
            HookErrorHandler handler = factory.hookErrorHandler();
            handler.hookFailed("gotConn", new IllegalStateException("boom"));
            handler.hookFailed("gotConn", new NullPointerException());
            handler.hookFailed("dnsDone", new IllegalArgumentException());

            assertThat(meters()).containsExactlyInAnyOrder(
                    "httptrace.hook.errors{hook=dnsDone} count=1",
                    "httptrace.hook.errors{hook=gotConn} count=2");
        }

        @Test
        void theHandlerIsOnePerFactoryAndComposesWithLogging() {
            assertThat(factory.hookErrorHandler()).isSameAs(factory.hookErrorHandler());

            HookErrorHandler.logging().andThen(factory.hookErrorHandler())
                    .hookFailed("wroteRequest", new IllegalStateException("expected by this test"));

            assertThat(meters()).containsExactlyInAnyOrder("httptrace.hook.errors{hook=wroteRequest} count=1");
        }
    }

    @Test
    void timersAreRegisteredOnceAndShared() {
        for (int i = 0; i < 3; i++) {
            ClientTrace trace = factory.create(request("GET", "http://example.com/"));
            trace.getConn("example.com:80");
            advance(1);
            trace.gotConn(pooledConnection(Duration.ofMillis(1)));
        }

        Timer acquire = registry.get("httptrace.connection.acquire")
                .tags("client.name", "example.com", "reused", "true", "exception", "none")
                .timer();
        assertThat(acquire.count()).isEqualTo(3);
        assertThat(registry.find("httptrace.connection.acquire").timers()).hasSize(1);
    }
}
