package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ocistreaming.local.junit.OciStreamingLocalServer;
import java.util.List;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

@OciStreamingLocalServer(streams = "orders:2")
class OrdersAppTest {

    @Test
    void ordersSentToTheStreamAreShipped() throws Exception {
        Main main = OrdersApp.newMain();
        main.start();
        try {
            for (String order : List.of("order-1", "order-2", "order-3")) {
                main.getCamelContext().createProducerTemplate().sendBody("oci-streaming:orders", order);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (OrdersApp.SHIPPED.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(3, OrdersApp.SHIPPED.size(), "shipped: " + OrdersApp.SHIPPED);
            assertTrue(OrdersApp.SHIPPED.containsAll(List.of("order-1", "order-2", "order-3")));
        } finally {
            main.stop();
        }
    }
}
