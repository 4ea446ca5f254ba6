package dev.httptrace.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registered only when {@link HttpTraceAutoConfiguration} backs off its traced builder: says why, once, at INFO
 * when the context's singletons are ready (also with lazy initialization, which never defers this type).
 */
final class TransportTracingOff implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTraceAutoConfiguration.class);

    private final String reason;

    TransportTracingOff(String reason) {
        this.reason = reason;
    }

    String reason() {
        return this.reason;
    }

    @Override
    public void afterSingletonsInstantiated() {
        LOG.info("httptrace: HTTP client transport tracing is off: {}", this.reason);
    }

    @Override
    public String toString() {
        return "TransportTracingOff[" + this.reason + "]";
    }
}
