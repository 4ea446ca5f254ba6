package dev.httptrace.reactor;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.DnsDone;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.SlowDnsServer;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lookups over Reactor Netty against a DNS server on loopback that answers after 300 ms: Netty's DNS resolver shares
 * one lookup among the requests that need the same name at once, and {@code dnsDone} says so ({@code coalesced}, as
 * Go's); the JDK's resolver does not, and never reports it.
 */
class ReactorNettyLookupsTest {

    @AutoClose
    final Closeables closeables = new Closeables();

    private final SlowDnsServer dns = closeables.add(SlowDnsServer.start(Duration.ofMillis(300)));

    private final LoopbackHttpServer server = closeables.add(LoopbackHttpServer.start()).respond("/", 200, "found");

    private final ConnectionProvider pool = ConnectionProvider.builder("httptrace-lookups").maxConnections(8).build();

    @AfterEach
    void disposePool() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    /** Four requests at once to {@code host}, each with its recorder, once every connection went back. */
    private List<RecordingClientTrace> fourAtOnce(HttpClient client, String host) throws InterruptedException {
        List<RecordingClientTrace> recordings = new ArrayList<>();
        List<Mono<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingClientTrace recording = new RecordingClientTrace();
            recordings.add(recording);
            String url = server.url(host, "/?request=" + i);
            calls.add(client.get().uri(url).responseSingle((response, body) -> body.asString())
                    .contextWrite((context) -> TracingReactorNetty.withTrace(context, recording, URI.create(url))));
        }
        assertThat(Flux.merge(calls).collectList().block(Duration.ofSeconds(10))).hasSize(4).containsOnly("found");
        for (RecordingClientTrace recording : recordings) {
            recording.awaitEvent(PutIdleConn.class, Duration.ofSeconds(1));
        }
        return recordings;
    }

    @Test
    void lookupsOfOneNameInFlightTogetherAreCoalesced() throws Exception {
        DnsAddressResolverGroup resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(NioDatagramChannel.class)
                .nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.address()))
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY));
        HttpClient client = TracingReactorNetty.trace(HttpClient.create(pool).resolver(resolver));

        List<RecordingClientTrace> recordings = fourAtOnce(client, "coalesce.test");

        assertThat(dns.addressQueries()).as("Netty's resolver asked once for all four").isEqualTo(1);
        List<DnsDone> lookups = recordings.stream().map((recording) -> recording.first(DnsDone.class)).toList();
        assertThat(lookups).allSatisfy((lookup) -> {
            assertThat(lookup.info().err()).isNull();
            assertThat(lookup.info().addrs()).extracting(Object::toString).containsExactly("coalesce.test/127.0.0.1");
        });
        assertThat(lookups).filteredOn((lookup) -> lookup.info().coalesced()).as("the three that shared the first's")
                .hasSize(3);
    }

    @Test
    void theJdkResolverNeverReportsCoalescedLookups() throws Exception {
        HttpClient client = TracingReactorNetty.trace(HttpClient.create(pool).resolver(DefaultAddressResolverGroup.INSTANCE));

        List<RecordingClientTrace> recordings = fourAtOnce(client, "localhost");

        assertThat(recordings).allSatisfy((recording) -> assertThat(recording.first(DnsDone.class).info().coalesced())
                .isFalse());
    }
}
