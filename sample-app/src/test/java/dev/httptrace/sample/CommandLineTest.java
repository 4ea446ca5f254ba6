package dev.httptrace.sample;

import java.net.URI;

import dev.httptrace.sample.CommandLine.Mode;
import dev.httptrace.sample.CommandLine.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How {@link CommandLine} reads the sample's options before Spring starts. */
class CommandLineTest {

    @Test
    void noOptionsRunTheDemoAndLeaveEverythingElseToSpring() {
        CommandLine command = CommandLine.parse("--server.port=9090");

        assertThat(command.mode()).isEqualTo(Mode.DEMO);
        assertThat(command.springArgs()).containsExactly("--server.port=9090");
        assertThat(command.setsServerPort()).isTrue();
    }

    @Test
    void urlsAreRepeatableAndTheSamplesOwnOptionsDoNotReachSpring() {
        CommandLine command = CommandLine.parse("--url=https://example.org/", "--url=http://localhost:8080/x?y=1",
                "--count=3", "--debug");

        assertThat(command.mode()).isEqualTo(Mode.URLS);
        assertThat(command.urls()).containsExactly(URI.create("https://example.org/"),
                URI.create("http://localhost:8080/x?y=1"));
        assertThat(command.count()).isEqualTo(3);
        assertThat(command.debug()).isTrue();
        assertThat(command.springArgs()).isEmpty();
    }

    @Test
    void demoAndExitIsItsOwnMode() {
        assertThat(CommandLine.parse("--demo-and-exit").mode()).isEqualTo(Mode.DEMO_AND_EXIT);
        assertThat(CommandLine.parse("--demo-and-exit").setsServerPort()).isFalse();
    }

    @Test
    void malformedUrlsAreRejectedWithTheReason() {
        assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("--url=example.org"))
                .withMessage("malformed URL 'example.org': expected an http:// or https:// URL");
        assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("--url=http://exa mple/"))
                .withMessage("malformed URL 'http://exa mple/': Illegal character in authority at index 7");
        assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("--url=https:///path"))
                .withMessage("malformed URL 'https:///path': no valid host name");
        assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("--url"))
                .withMessageStartingWith("--url needs a value");
    }

    @Test
    void countMustBeAPositiveWholeNumberAndGoWithUrls() {
        assertThatExceptionOfType(UsageException.class)
                .isThrownBy(() -> CommandLine.parse("--url=http://localhost/", "--count=0"))
                .withMessage("--count needs a positive whole number, got '0'");
        assertThatExceptionOfType(UsageException.class)
                .isThrownBy(() -> CommandLine.parse("--url=http://localhost/", "--count=two"))
                .withMessage("--count needs a positive whole number, got 'two'");
        assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("--count=2"))
                .withMessage("--count applies to --url only");
        assertThatExceptionOfType(UsageException.class)
                .isThrownBy(() -> CommandLine.parse("--url=http://localhost/", "--demo-and-exit"))
                .withMessage("--demo-and-exit and --url do not go together");
    }
}
