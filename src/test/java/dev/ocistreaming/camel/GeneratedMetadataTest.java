package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * The generated configurers and URI factory are compiled and found: without them Camel silently falls back to
 * reflection, which this test would notice.
 */
class GeneratedMetadataTest {

    @Test
    void configurersAndUriFactoryAreGeneratedAndUsed() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory("oci-streaming");
            assertThat(factory).isNotNull();
            assertThat(factory.buildUri(
                            "oci-streaming",
                            Map.of("stream", "orders", "groupName", "g", "commitMode", "MANUAL"),
                            false))
                    .isEqualTo("oci-streaming:orders?commitMode=MANUAL&groupName=g");
            assertThat(factory.propertyNames()).contains("endpoint", "groupName", "maxInFlight", "authType");

            PropertyConfigurer component = PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer("oci-streaming-component", context);
            assertThat(component).isNotNull();
            OciStreamingComponent oci = context.getComponent("oci-streaming", OciStreamingComponent.class);
            assertThat(component.configure(context, oci, "groupTimeoutMs", "1234", true))
                    .isTrue();
            assertThat(oci.getConfiguration().getGroupTimeoutMs()).isEqualTo(1234);
            assertThat(PluginHelper.getConfigurerResolver(context)
                            .resolvePropertyConfigurer("oci-streaming-endpoint", context))
                    .isNotNull();
        }
    }
}
