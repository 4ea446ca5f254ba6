package dev.httptrace.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The application's {@link ClientHttpRequestFactoryBuilderCustomizer} beans typed for another builder than the traced
 * one (Boot's {@code HttpComponentsClientHttpRequestFactoryBuilder}): a customizer of Boot's immutable builder type
 * cannot be applied to the traced builder, nor its options read out of Boot's builder. Their type comes from the
 * bean definition, so that a lambda {@code @Bean} counts as well as a class. Evaluated while
 * {@link HttpTraceAutoConfiguration} registers its beans, after the application's own.
 */
final class BootTypedCustomizers {

    private BootTypedCustomizers() {
    }

    /** The names of such beans, each with the builder type it is for: {@code proxy (for HttpComponents...)}. */
    static List<String> find(ConfigurableListableBeanFactory beanFactory) {
        List<String> found = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForType(ClientHttpRequestFactoryBuilderCustomizer.class, true, false)) {
            Class<?> accepts = customizerType(beanFactory, name).as(ClientHttpRequestFactoryBuilderCustomizer.class)
                    .resolveGeneric();
            if (accepts != null && !accepts.isAssignableFrom(TracingClientHttpRequestFactoryBuilder.class)) {
                found.add(name + " (for " + accepts.getSimpleName() + ")");
            }
        }
        return found;
    }

    private static ResolvableType customizerType(ConfigurableListableBeanFactory beanFactory, String name) {
        if (beanFactory.containsBeanDefinition(name)
                && beanFactory.getMergedBeanDefinition(name) instanceof RootBeanDefinition definition) {
            ResolvableType declared = definition.getResolvableType();
            if (declared.as(ClientHttpRequestFactoryBuilderCustomizer.class).resolveGeneric() != null) {
                return declared;
            }
        }
        Class<?> type = beanFactory.getType(name, false);
        return type != null ? ResolvableType.forClass(type) : ResolvableType.NONE;
    }

    /** Matches when there is such a bean ({@code whenFound}) or when there is none. */
    private abstract static class Found extends SpringBootCondition implements ConfigurationCondition {

        private final boolean whenFound;

        Found(boolean whenFound) {
            this.whenFound = whenFound;
        }

        @Override
        public ConfigurationPhase getConfigurationPhase() {
            return ConfigurationPhase.REGISTER_BEAN;
        }

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionMessage.Builder message = ConditionMessage.forCondition("customizers of another builder type");
            List<String> found = find(context.getBeanFactory());
            return new ConditionOutcome(found.isEmpty() != whenFound, found.isEmpty()
                    ? message.didNotFind("bean").atAll() : message.found("bean", "beans").items(found));
        }
    }

    /** Matches when there is no such bean. */
    static final class Absent extends Found {

        Absent() {
            super(false);
        }
    }

    /** Matches when there is one or more. */
    static final class Present extends Found {

        Present() {
            super(true);
        }
    }
}
