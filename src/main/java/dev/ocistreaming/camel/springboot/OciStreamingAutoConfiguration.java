package dev.ocistreaming.camel.springboot;

import dev.ocistreaming.camel.OciStreamingComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Spring Boot support: {@code camel.component.oci-streaming.*} from the application's environment configures the
 * component, as a Camel starter's auto-configuration does for its component. camel-spring-boot configures only
 * components that bring such a class; camel-main needs none (it binds {@code camel.component.*} itself).
 *
 * <p>Values go through the component's generated configurer, so durations ({@code 30s}) and the component's own
 * checks behave as under camel-main; an option the component does not have fails the start, naming it.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.apache.camel.spring.boot.CamelAutoConfiguration")
public class OciStreamingAutoConfiguration {

    static final String PREFIX = "camel.component.oci-streaming";

    /** Every {@code camel.component.oci-streaming.*} name in the environment's enumerable sources. */
    private static Set<String> optionNames(Environment environment) {
        Set<String> names = new TreeSet<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (name.startsWith(PREFIX + ".")) {
                            names.add(name);
                        }
                    }
                }
            }
        }
        return names;
    }

    @Bean
    ComponentCustomizer ociStreamingComponentCustomizer(Environment environment) {
        return ComponentCustomizer.forType(OciStreamingComponent.class, component -> {
            Map<String, Object> options = new LinkedHashMap<>();
            for (String name : optionNames(environment)) {
                String option = StringHelper.dashToCamelCase(name.substring(PREFIX.length() + 1));
                // resolved through the environment: placeholders, and the property source that wins
                options.putIfAbsent(option, environment.getProperty(name));
            }
            if (!options.isEmpty()) {
                PropertyBindingSupport.build()
                        .withCamelContext(component.getCamelContext())
                        .withTarget(component)
                        .withProperties(options)
                        .withConfigurer(component.getComponentPropertyConfigurer())
                        .withIgnoreCase(true)
                        .withMandatory(true)
                        .bind();
            }
        });
    }
}
