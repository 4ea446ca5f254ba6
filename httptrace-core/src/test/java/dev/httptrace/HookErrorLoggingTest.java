package dev.httptrace;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The default hook error handler logs a WARN line per hook name and interval, not one per failure. */
class HookErrorLoggingTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(HookErrorHandler.class);

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void warnsOncePerHookWithinTheInterval() {
        lines.start();
        logger.addAppender(lines);
        HookErrorHandler handler = HookErrorHandler.logging();

        for (int i = 0; i < 1_000; i++) {
            handler.hookFailed("gotConn", new IllegalStateException("boom " + i));
            handler.hookFailed("dnsDone", new IllegalStateException("bang " + i));
        }

        assertThat(lines.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(2)
                .extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(m -> assertThat(m).contains("the request goes on"))
                .anySatisfy(m -> assertThat(m).contains("gotConn"))
                .anySatisfy(m -> assertThat(m).contains("dnsDone"));
        assertThat(lines.list.get(0).getThrowableProxy().getMessage()).isEqualTo("boom 0");
    }

    @Test
    void andThenCallsBothEvenWhenTheFirstThrows() {
        StringBuilder calls = new StringBuilder();
        HookErrorHandler first = (hook, error) -> {
            calls.append("first ");
            throw new IllegalStateException("handler broke");
        };

        try {
            first.andThen((hook, error) -> calls.append("second")).hookFailed("getConn", new RuntimeException());
        } catch (IllegalStateException expected) {
            calls.append(" rethrown");
        }

        assertThat(calls).hasToString("first second rethrown");
    }
}
