package dev.httptrace.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when any {@link RecordingClientTrace} made during it broke a rule of
 * {@link RecordingClientTrace#violations()}. Registered for every test of every module that depends on this one,
 * through JUnit's extension auto-detection ({@code junit-platform.properties} and
 * {@code META-INF/services}).
 */
public final class RecorderChecks implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        RecordingClientTrace.CREATED.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> violations = new ArrayList<>();
        RecordingClientTrace recorder;
        while ((recorder = RecordingClientTrace.CREATED.poll()) != null) {
            violations.addAll(recorder.violations());
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " recorded event(s) broke the trace's rules:\n"
                    + String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
        }
    }
}
