package dev.ocistreaming.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Runs the same work on a few threads until a deadline and adds up what they did. */
final class Workers {

    /** The work of one thread: @return how many messages it completed by {@code deadlineNanos} */
    interface Work {
        long run(int thread, long deadlineNanos) throws Exception;
    }

    private Workers() {}

    static Rate run(int threads, long boxNanos, Work work) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + boxNanos;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(
                    () -> {
                        try {
                            done.addAndGet(work.run(thread, deadline));
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "bench-worker-" + t);
            worker.start();
            started.add(worker);
        }
        for (Thread worker : started) {
            worker.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return Rate.since(done.get(), start);
    }
}
