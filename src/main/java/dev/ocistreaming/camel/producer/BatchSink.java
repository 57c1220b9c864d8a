package dev.ocistreaming.camel.producer;

import java.util.List;

/** Where a lane hands a batch: blocks until every record of it has a result. */
@FunctionalInterface
interface BatchSink {

    void send(List<PendingRecord> batch) throws InterruptedException;
}
