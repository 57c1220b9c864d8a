package dev.ocistreaming.app.bench;

import com.oracle.bmc.streaming.StreamClient;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * Figure 1: the component's producer against hand-written SDK loops with the same batch size and the same number of
 * requests in flight, and against one request per message (as the tutorial's Python demo), at 100 B and 10 KiB.
 */
final class ProducerFigures {

    static final int SENDERS = 8;
    /** The component's default maxInFlight: PutMessages requests it has out at once; the SDK loop gets as many. */
    static final int LANES = new OciStreamingConfiguration().getMaxInFlight();

    private static final String SDK_1 = "sdk1";
    private static final String SDK_LANES = "sdkLanes";
    private static final String ITERABLE = "iterable";
    private static final String ASYNC = "async";
    private static final String WAITING = "waiting";
    private static final String ONE_PER_REQUEST = "one per request";

    private final BenchEnv env;
    private final BenchScale scale;
    private final Report report;

    ProducerFigures(BenchEnv env, BenchScale scale, Report report) {
        this.env = env;
        this.scale = scale;
        this.report = report;
    }

    void run() throws Exception {
        // 100 B: the component's default maxBatchCount (1000); 10 KiB: as many as fit in 1 MiB, rounded down
        measure("100 B", 100, 1000);
        measure("10 KiB", 10 * 1024, 100);
    }

    private void measure(String label, int size, int batch) throws Exception {
        byte[] value = new byte[size];
        new Random(size).nextBytes(value);
        String streamId = env.createStream("bench-produce-" + size, 3);
        CamelContext context = env.newCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:produce").to("oci-streaming:" + streamId);
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        Endpoint direct = context.getEndpoint("direct:produce");
        AsyncProducer producer = direct.createAsyncProducer();
        producer.start();
        List<StreamClient> clients = new ArrayList<>();
        for (int i = 0; i < LANES; i++) {
            clients.add(env.newClient());
        }
        List<byte[]> body = Collections.nCopies(batch, value);
        long box = scale.producerRun().toNanos();
        Workers.Work sdkLoop = (t, end) -> BenchEnv.putUntil(clients.get(t), streamId, value, batch, end);
        Workers.Work onePerRequestLoop = (t, end) -> BenchEnv.putUntil(clients.get(t), streamId, value, 1, end);
        Map<String, List<Rate>> rates = new Rounds()
                .add(SDK_1, () -> Workers.run(1, box, sdkLoop))
                .add(SDK_LANES, () -> Workers.run(LANES, box, sdkLoop))
                .add(ITERABLE, () -> Workers.run(1, box, (t, end) -> iterable(template, body, end)))
                .add(ASYNC, () -> Workers.run(SENDERS, box, (t, end) -> sender(direct, producer, value, batch, end)))
                .add(WAITING, () -> Workers.run(SENDERS, box, (t, end) -> sender(direct, producer, value, 1, end)))
                .add(ONE_PER_REQUEST, () -> Workers.run(1, box, onePerRequestLoop))
                .runAll(report, "producer " + label, scale.warmups(), scale.rounds());
        context.stop();
        rows(
                "producer " + label,
                size,
                batch,
                Rounds.medians(rates, Rate::perSecond),
                Rounds.medians(rates, Rate::clientMicrosPerMessage));
    }

    private void rows(String figure, int size, int batch, Map<String, Double> m, Map<String, Double> cpu) {
        String sdk1 = "SDK loop, 1 thread: " + Stats.count(m.get(SDK_1)) + " msgs/s";
        String sdkLanes = "SDK loop, " + LANES + " threads: " + Stats.count(m.get(SDK_LANES)) + " msgs/s";
        String onePerRequest = "one per request: " + Stats.count(m.get(ONE_PER_REQUEST)) + " msgs/s";
        String async = "component, 1 exchange/msg, " + SENDERS + " async senders";
        double iterable = m.get(ITERABLE) / m.get(SDK_1);
        double asyncVsSdk = m.get(ASYNC) / m.get(SDK_LANES);
        double asyncVsOnePerRequest = m.get(ASYNC) / m.get(ONE_PER_REQUEST);
        report.row(
                figure,
                "SDK loop, " + batch + " msgs/request, 1 thread",
                result(m, cpu, SDK_1, size),
                "(baseline)",
                "",
                "");
        report.row(
                figure,
                "SDK loop, " + batch + " msgs/request, " + LANES + " threads",
                result(m, cpu, SDK_LANES, size),
                "(baseline)",
                "",
                "");
        report.row(
                figure,
                "component, Iterable body of " + batch + ", 1 sender",
                result(m, cpu, ITERABLE, size),
                sdk1,
                Stats.ratio(iterable),
                report.atLeast(figure + " Iterable vs SDK loop", iterable, 0.8));
        report.row(
                figure,
                async,
                result(m, cpu, ASYNC, size),
                sdkLanes,
                Stats.ratio(asyncVsSdk),
                report.atLeast(figure + " 1 exchange/msg vs SDK loop", asyncVsSdk, 0.8));
        report.row(
                figure,
                async,
                result(m, cpu, ASYNC, size),
                sdk1,
                Stats.ratio(m.get(ASYNC) / m.get(SDK_1)),
                "(more requests in flight)");
        report.row(
                figure,
                async,
                result(m, cpu, ASYNC, size),
                onePerRequest,
                Stats.ratio(asyncVsOnePerRequest),
                report.atLeast(figure + " 1 exchange/msg vs one per request", asyncVsOnePerRequest, 20));
        report.row(
                figure,
                "component, 1 exchange/msg, " + SENDERS + " senders each waiting",
                result(m, cpu, WAITING, size),
                onePerRequest,
                Stats.ratio(m.get(WAITING) / m.get(ONE_PER_REQUEST)),
                "");
        report.row(
                figure,
                "one per request: 1 PutMessages per message, 1 thread",
                result(m, cpu, ONE_PER_REQUEST, size),
                sdk1,
                Stats.ratio(m.get(ONE_PER_REQUEST) / m.get(SDK_1)),
                "");
    }

    /** msgs/s, MB/s and the CPU this JVM (client and embedded server) spent per message. */
    private static String result(Map<String, Double> m, Map<String, Double> cpu, String key, int size) {
        double perSecond = m.get(key);
        return Stats.count(perSecond) + " msgs/s, " + Stats.fixed(perSecond * size / 1e6, 1) + " MB/s, "
                + Stats.micros(cpu.get(key)) + " CPU/msg";
    }

    /** One exchange with a List body after another, each waited for; at least one (see BenchEnv.putUntil). */
    private static long iterable(ProducerTemplate template, List<byte[]> body, long deadline) {
        long sent = 0;
        do {
            template.sendBody("direct:produce", body);
            sent += body.size();
        } while (System.nanoTime() < deadline);
        return sent;
    }

    /**
     * One exchange per message, handed to the asynchronous producer with at most {@code window} in flight, like a
     * bounded send buffer (the async senders keep one full request's worth each); window 1 is a sender that waits
     * for each exchange, as a synchronous route thread does.
     */
    static long sender(Endpoint direct, AsyncProducer producer, byte[] value, int window, long deadline)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        do {
            inFlight.acquire();
            Exchange exchange = direct.createExchange();
            exchange.getIn().setBody(value);
            producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    failure.compareAndSet(null, exchange.getException());
                }
                done.incrementAndGet();
                inFlight.release();
            });
        } while (System.nanoTime() < deadline && failure.get() == null);
        inFlight.acquire(window);
        if (failure.get() != null) {
            throw new IllegalStateException("a send failed", failure.get());
        }
        return done.get();
    }
}
