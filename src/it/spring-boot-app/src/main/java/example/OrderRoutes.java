package example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** direct:order puts an order on the stream "orders"; the "shipping" group reads it back. */
@Component
public class OrderRoutes extends RouteBuilder {

    private final List<String> shipped = new CopyOnWriteArrayList<>();

    @Override
    public void configure() {
        from("direct:order").routeId("take-order").to("oci-streaming:orders");

        from("oci-streaming:orders?groupName=shipping")
                .routeId("ship")
                .log("shipping ${body} from partition ${header.CamelOciStreamingPartition}")
                .process(exchange -> shipped.add(exchange.getMessage().getBody(String.class)));
    }

    public List<String> shipped() {
        return shipped;
    }
}
