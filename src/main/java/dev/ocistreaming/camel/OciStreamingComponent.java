package dev.ocistreaming.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** The {@code oci-streaming} component: options set here are the defaults of every endpoint. */
@Component("oci-streaming")
public class OciStreamingComponent extends HealthCheckComponent {

    @Metadata(description = "Default options of every oci-streaming endpoint")
    private OciStreamingConfiguration configuration = new OciStreamingConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        OciStreamingConfiguration conf = configuration.copy();
        conf.setStream(remaining);
        OciStreamingEndpoint endpoint = new OciStreamingEndpoint(uri, this, conf);
        setProperties(endpoint, parameters);
        ConfigurationValidator.validateCommon(conf);
        return endpoint;
    }

    public OciStreamingConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(OciStreamingConfiguration configuration) {
        this.configuration = configuration;
    }
}
