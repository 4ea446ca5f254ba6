package dev.httptrace.autoconfigure;

import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application defines a {@link ClientHttpRequestFactoryBuilder} bean that is not a
 * {@link TracingClientHttpRequestFactoryBuilder} (by its declared type). Evaluated while
 * {@link HttpTraceAutoConfiguration} registers its beans, so before Boot's own builder exists.
 */
final class UserBuilderCondition extends SpringBootCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("user ClientHttpRequestFactoryBuilder");
        List<String> names = userBuilders(context.getBeanFactory());
        return names.isEmpty() ? ConditionOutcome.noMatch(message.didNotFind("bean").atAll())
                : ConditionOutcome.match(message.found("bean", "beans").items(names));
    }

    static List<String> userBuilders(ConfigurableListableBeanFactory beanFactory) {
        return Arrays.stream(beanFactory.getBeanNamesForType(ClientHttpRequestFactoryBuilder.class, true, false))
                .filter((name) -> !beanFactory.isTypeMatch(name, TracingClientHttpRequestFactoryBuilder.class))
                .toList();
    }
}
