package dev.httptrace.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientsProperties.Factory;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@value #PROPERTY} is not set or names Apache HttpClient 5 ({@code http-components}, bound as
 * Boot binds it, so {@code HTTP_COMPONENTS} counts too).
 */
final class TracedFactoryCondition extends SpringBootCondition {

    static final String PROPERTY = "spring.http.clients.imperative.factory";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("httptrace traced HTTP client factory");
        Factory factory = Binder.get(context.getEnvironment()).bind(PROPERTY, Factory.class).orElse(null);
        if (factory == null) {
            return ConditionOutcome.match(message.because(PROPERTY + " is not set"));
        }
        if (factory == Factory.HTTP_COMPONENTS) {
            return ConditionOutcome.match(message.because(PROPERTY + " is " + factory));
        }
        return ConditionOutcome.noMatch(message.because(PROPERTY + " is " + factory));
    }
}
