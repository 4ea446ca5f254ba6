package dev.httptrace.autoconfigure;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Function;

import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Adding httptrace buffers no request body: a 20 MiB streaming POST through the injected {@code RestClient.Builder}
 * allocates on the request thread within 1 MiB of the same application with {@code httptrace.enabled=false}, with
 * the traced factory, with {@code factory=jdk} and with a user builder bean. (Spring buffers the whole body for any
 * interceptor: 20 MiB and more.)
 */
class StreamingBodyAllocationTest {

    private static final int BODY = 20 * 1024 * 1024;

    private static final long TOLERANCE = 1024 * 1024;

    private static LoopbackHttpServer server;

    @BeforeAll
    static void startServer() {
        server = LoopbackHttpServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    enum Setup {
        TRACED_FACTORY(runner -> runner),
        JDK_FACTORY(runner -> runner.withPropertyValues("spring.http.clients.imperative.factory=jdk")),
        USER_BUILDER(runner -> runner.withBean("userBuilder", ClientHttpRequestFactoryBuilder.class,
                ClientHttpRequestFactoryBuilder::httpComponents));

        final Function<ApplicationContextRunner, ApplicationContextRunner> apply;

        Setup(Function<ApplicationContextRunner, ApplicationContextRunner> apply) {
            this.apply = apply;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
                    ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
                    HttpTraceAutoConfiguration.class));

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aStreamingBodyIsNotBufferedForTracing(Setup setup) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        long traced = allocatedByOnePost(setup.apply.apply(this.runner), threads);
        long untraced = allocatedByOnePost(setup.apply.apply(this.runner.withPropertyValues("httptrace.enabled=false")),
                threads);

        System.out.printf("streaming 20 MiB POST, %s: %,d B allocated on the request thread with httptrace, %,d B "
                + "without (%+,d B)%n", setup, traced, untraced, traced - untraced);
        assertThat(traced).as("bytes allocated with httptrace, %s (without: %,d)", setup, untraced)
                .isLessThan(untraced + TOLERANCE);
    }

    /** The least a POST allocated on this thread, of a few after a warm-up one. */
    private static long allocatedByOnePost(ApplicationContextRunner runner, com.sun.management.ThreadMXBean threads) {
        long[] least = {Long.MAX_VALUE};
        runner.run((context) -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            long thread = Thread.currentThread().getId();
            for (int i = 0; i < 4; i++) {
                long before = threads.getThreadAllocatedBytes(thread);
                String answer = client.post().uri(server.url("/"))
                        .body((out) -> {
                            for (int written = 0; written < BODY; written += chunk.length) {
                                out.write(chunk);
                            }
                        })
                        .retrieve().body(String.class);
                long allocated = threads.getThreadAllocatedBytes(thread) - before;
                assertThat(answer).isEqualTo("hello");
                if (i > 0) {
                    least[0] = Math.min(least[0], allocated);
                }
            }
        });
        return least[0];
    }
}
