package example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/** Orders go to the stream "orders"; the "shipping" group reads them back and records what it shipped. */
public final class OrdersApp {

    public static final List<String> SHIPPED = new CopyOnWriteArrayList<>();

    public static Main newMain() {
        Main main = new Main();
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("oci-streaming:orders?groupName=shipping&initialPosition=TRIM_HORIZON")
                        .routeId("ship")
                        .process(exchange -> SHIPPED.add(exchange.getMessage().getBody(String.class)));
            }
        });
        return main;
    }

    public static void main(String[] args) throws Exception {
        newMain().run(args);
    }
}
