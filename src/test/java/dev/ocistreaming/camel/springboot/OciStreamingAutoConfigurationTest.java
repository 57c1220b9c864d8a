package dev.ocistreaming.camel.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocistreaming.camel.OciStreamingComponent;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The Spring Boot auto-configuration's customizer, as Camel applies it when the component is first used: options from
 * the Spring environment, kebab-case or camelCase, durations included; an unknown option fails naming it.
 */
class OciStreamingAutoConfigurationTest {

    @Test
    void springPropertiesConfigureTheComponent() throws Exception {
        try (CamelContext context = contextWith(Map.of(
                "camel.component.oci-streaming.endpoint", "http://127.0.0.1:9",
                "camel.component.oci-streaming.compartment-id", "ocid1.compartment.oc1..x",
                "camel.component.oci-streaming.groupTimeoutMs", "45s",
                "camel.component.oci-streaming.create-stream-if-missing", "true"))) {
            OciStreamingComponent component = context.getComponent("oci-streaming", OciStreamingComponent.class);

            assertThat(component.getConfiguration().getEndpoint()).isEqualTo("http://127.0.0.1:9");
            assertThat(component.getConfiguration().getCompartmentId()).isEqualTo("ocid1.compartment.oc1..x");
            assertThat(component.getConfiguration().getGroupTimeoutMs()).isEqualTo(45_000);
            assertThat(component.getConfiguration().isCreateStreamIfMissing()).isTrue();
        }
    }

    @Test
    void anUnknownOptionFailsNamingIt() throws Exception {
        try (CamelContext context = contextWith(Map.of("camel.component.oci-streaming.compartment-idd", "x"))) {
            Throwable failure = catchThrowable(() -> context.getComponent("oci-streaming"));

            assertThat(failure).isNotNull();
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains("compartmentIdd");
        }
    }

    private static CamelContext contextWith(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        CamelContext context = new DefaultCamelContext();
        context.getRegistry()
                .bind(
                        "ociStreamingComponentCustomizer",
                        new OciStreamingAutoConfiguration().ociStreamingComponentCustomizer(environment));
        return context;
    }
}
