package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocistreaming.local.junit.OciStreamingLocalServer;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The application's own routes, unchanged, against the local server: one annotation. */
@SpringBootTest
@OciStreamingLocalServer(streams = "orders:2")
class OrderRoutesTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    OrderRoutes routes;

    @Test
    void anOrderTakenIsShipped() throws InterruptedException {
        producer.sendBody("direct:order", "order-1");
        producer.sendBody("direct:order", "order-2");

        long deadline = System.nanoTime() + 60_000_000_000L;
        while (routes.shipped().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(routes.shipped()).containsExactlyInAnyOrder("order-1", "order-2");
    }
}
