package dev.httptrace.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How {@link CpuAttribution} charges a profiler sample (a stack, root first, in async-profiler's collapsed
 * notation) to the code that spent it.
 */
class CpuAttributionTest {

    private static final String FIXTURE = "PairedVariants.runBatch;dev/httptrace/benchmarks/fixtures/Hc5Fixture.tracedMeters";

    private static String categoryOf(String stack) {
        return CpuAttribution.categoryOf(stack.split(";"));
    }

    @Test
    void jdkCodeCalledByAHookIsTheInstrumentationsCost() {
        assertThat(categoryOf(FIXTURE + ";org/apache/hc/client5/http/impl/classic/MainClientExec.execute"
                + ";dev/httptrace/hc5/TraceAttempt.current;java/lang/ThreadLocal.get"))
                .isEqualTo("instrumentation");
    }

    @Test
    void micrometerIsInstrumentation() {
        assertThat(categoryOf(FIXTURE + ";dev/httptrace/micrometer/MeterClientTrace.gotFirstResponseByte"
                + ";io/micrometer/core/instrument/distribution/TimeWindowMax.record;java/lang/System.currentTimeMillis"))
                .isEqualTo("instrumentation");
    }

    @Test
    void theClientCalledThroughAWrapperIsTheClientsCost() {
        assertThat(categoryOf(FIXTURE + ";dev/httptrace/hc5/ForwardingClientConnection.receiveResponseHeader"
                + ";org/apache/hc/core5/http/impl/io/DefaultBHttpClientConnection.receiveResponseHeader;java/util/ArrayList.add"))
                .isEqualTo("client");
    }

    @Test
    void socketsAndTheKernelAreSocketIoWhoeverCallsThem() {
        assertThat(categoryOf(FIXTURE + ";dev/httptrace/hc5/FirstByteResponseParserFactory$FirstByteInputStream.read"
                + ";java/net/Socket$SocketInputStream.read;sun/nio/ch/NioSocketImpl.read;__GI_read;ksys_read_[k]"))
                .isEqualTo("socket I/O");
        assertThat(categoryOf(FIXTURE + ";org/apache/hc/core5/http/impl/io/SessionOutputBufferImpl.flushBuffer"
                + ";java/net/Socket$SocketOutputStream.write;tcp_sendmsg_[k]"))
                .isEqualTo("socket I/O");
    }

    @Test
    void theBenchmarksTimestampTraceIsInstrumentationTheRestOfTheBenchmarkIsHarness() {
        assertThat(categoryOf(FIXTURE + ";dev/httptrace/benchmarks/fixtures/TimestampTrace.wroteHeaders;java/lang/System.nanoTime"))
                .isEqualTo("instrumentation");
        assertThat(categoryOf(FIXTURE + ";dev/httptrace/benchmarks/fixtures/Drain.handleResponse;java/util/Arrays.fill"))
                .isEqualTo("harness");
    }

    @Test
    void jitAnnotationsDoNotHideTheOwner() {
        assertThat(categoryOf(FIXTURE + ";okhttp3/internal/http/RealInterceptorChain.proceed_[j];kotlin/jvm/internal/Intrinsics.checkNotNull_[i]"))
                .isEqualTo("client");
    }

    @Test
    void aStackWithoutKnownCodeIsOther() {
        assertThat(categoryOf("Thread::call_run;VMThread::run;SafepointSynchronize::begin")).isEqualTo("other");
    }
}
