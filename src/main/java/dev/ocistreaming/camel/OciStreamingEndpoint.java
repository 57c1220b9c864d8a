package dev.ocistreaming.camel;

import com.oracle.bmc.auth.BasicAuthenticationDetailsProvider;
import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.camel.client.AuthenticationFactory;
import dev.ocistreaming.camel.client.OciClientFactory;
import dev.ocistreaming.camel.client.ResolvedStream;
import dev.ocistreaming.camel.client.StreamResolver;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Send and receive messages with OCI Streaming, by group (commit after processing, on get, or manual) or by
 * partition.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "oci-streaming",
        title = "OCI Streaming",
        syntax = "oci-streaming:stream",
        category = {Category.CLOUD, Category.MESSAGING},
        headersClass = OciStreamingConstants.class)
public class OciStreamingEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    // One endpoint per stream: it owns the StreamClient (unless one was supplied) shared by its producer and
    // consumer, built when the endpoint starts, which is when the stream is looked up or created.
    @UriParam
    private final OciStreamingConfiguration configuration;

    private final Set<OciStreamingProducer> producers = ConcurrentHashMap.newKeySet();
    private volatile ResolvedStream stream;
    private volatile StreamClient client;
    private volatile boolean ownsClient;

    public OciStreamingEndpoint(String uri, OciStreamingComponent component, OciStreamingConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        ConfigurationValidator.validateProducer(configuration);
        return new OciStreamingProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ConfigurationValidator.validateConsumer(configuration);
        OciStreamingConsumer consumer = new OciStreamingConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BasicAuthenticationDetailsProvider auth =
                configuration.getStreamClient() != null && configuration.isStreamOcid()
                        ? null
                        : AuthenticationFactory.create(configuration);
        stream = StreamResolver.resolve(configuration, auth);
        if (configuration.getStreamClient() != null) {
            client = configuration.getStreamClient();
            ownsClient = false;
        } else {
            client = OciClientFactory.streamClient(configuration, auth, stream.messagesEndpoint());
            ownsClient = true;
        }
    }

    @Override
    protected void doStop() throws Exception {
        StreamClient c = client;
        client = null;
        if (c != null && ownsClient) {
            c.close();
        }
        super.doStop();
    }

    public OciStreamingConfiguration getConfiguration() {
        return configuration;
    }

    /** @return the client for the messages endpoint; only valid while the endpoint is started */
    public StreamClient getClient() {
        return client;
    }

    /** @return the started producers of this endpoint, for the dev console */
    public Set<OciStreamingProducer> producers() {
        return producers;
    }

    /** @return the stream; only valid while the endpoint is started */
    public ResolvedStream getStream() {
        return stream;
    }

    /** @return the stream's name when known (given by name, looked up, or seen in a message), else its path */
    public String streamLabel() {
        ResolvedStream s = stream;
        return s != null && s.name() != null ? s.name() : configuration.getStream();
    }

    @Override
    public String getServiceUrl() {
        ResolvedStream s = stream;
        return s != null && s.messagesEndpoint() != null ? s.messagesEndpoint() : configuration.getEndpoint();
    }

    @Override
    public String getServiceProtocol() {
        return "https";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        ResolvedStream s = stream;
        return s == null ? null : Map.of("streamId", s.id());
    }
}
