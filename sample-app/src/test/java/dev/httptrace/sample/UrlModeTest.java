package dev.httptrace.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --url} mode through {@link SampleApplication#run}, which returns the exit code that {@code main} passes to
 * {@code System.exit}: a command-line tool that prints waterfalls or one-line errors, nothing else.
 */
@ExtendWith(OutputCaptureExtension.class)
class UrlModeTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void loopbackUrlIsTracedTwiceOverOneConnectionAndExitsZero(CapturedOutput console) {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            String url = server.url("localhost", "/");

            int exitCode = run("--url=" + url, "--count=2");

            assertThat(exitCode).isZero();
            assertThat(err()).isEmpty();
            String[] waterfalls = out().split("\n\n");
            assertThat(waterfalls).hasSize(2);
            assertThat(waterfalls[0]).startsWith("GET " + url + "\n  200 OK · 5 bytes · total ")
                    .contains("new connection 127.0.0.1:", "Blocked   DNS lookup     Connect   of it TLS");
            String connection = waterfalls[0].substring(waterfalls[0].indexOf("new connection ") + 15).split(" ")[0];
            assertThat(waterfalls[1]).startsWith("GET " + url + "\n").contains("reused connection " + connection + " → ");
            assertThat(server.requestCount()).isEqualTo(2);
        }
        assertThat(console.getAll()).as("banner or log lines on the console").isEmpty();
    }

    @Test
    void malformedUrlExitsWithAUsageErrorInOneLine() {
        int exitCode = run("--url=htp://example.org/");

        assertThat(exitCode).isEqualTo(SampleApplication.USAGE_ERROR);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("error: malformed URL 'htp://example.org/': expected an http:// or https:// URL "
                + "(--help lists the options)\n");
    }

    @Test
    void unknownHostIsOneErrorLineWithoutStackTraceAndExitsOne() {
        // the test JVM resolves names from etc/test-hosts only: this lookup fails at once, on this machine
        int exitCode = run("--url=https://nope.invalid/");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).matches("error: cannot reach https://nope\\.invalid/: UnknownHostException "
                + "[^\\n]*nope\\.invalid[^\\n]* \\(DNS lookup failed after \\d+\\.\\d ms\\)\\n");
    }

    private int run(String... args) {
        return SampleApplication.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return this.out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return this.err.toString(StandardCharsets.UTF_8);
    }
}
