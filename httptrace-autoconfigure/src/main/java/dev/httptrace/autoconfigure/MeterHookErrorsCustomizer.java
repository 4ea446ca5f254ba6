package dev.httptrace.autoconfigure;

import dev.httptrace.HookErrorHandler;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;

/**
 * Makes the traced clients count hook failures in {@code httptrace.hook.errors} (through each
 * {@link MeterClientTraceFactory} bean's {@link MeterClientTraceFactory#hookErrorHandler()}) after logging them
 * ({@link HookErrorHandler#logging()}).
 */
final class MeterHookErrorsCustomizer
        implements ClientHttpRequestFactoryBuilderCustomizer<TracingClientHttpRequestFactoryBuilder> {

    private final ObjectProvider<MeterClientTraceFactory> factories;

    MeterHookErrorsCustomizer(ObjectProvider<MeterClientTraceFactory> factories) {
        this.factories = factories;
    }

    @Override
    public TracingClientHttpRequestFactoryBuilder customize(TracingClientHttpRequestFactoryBuilder builder) {
        HookErrorHandler handler = this.factories.orderedStream()
                .map(MeterClientTraceFactory::hookErrorHandler)
                .reduce(HookErrorHandler.logging(), HookErrorHandler::andThen);
        return builder.withHookErrorHandler(handler);
    }
}
