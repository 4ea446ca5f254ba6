package dev.httptrace.autoconfigure;

import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Conditional;

/** Matches when {@link TracedFactoryCondition} does not: another client is chosen in its property. */
final class OtherFactoryCondition extends NoneNestedConditions {

    OtherFactoryCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @Conditional(TracedFactoryCondition.class)
    static final class Traced {
    }
}
