package dev.ocistreaming.camel;

/**
 * Put on each exchange in {@code commitMode=MANUAL} as header {@code CamelOciStreamingManualCommit}.
 *
 * <p>OCI Streaming commits whole batches: a commit covers every message of the batch this exchange came in, and all
 * earlier ones. Commit when the batch is done (exchange property {@code CamelBatchComplete} is true), or earlier if
 * losing the rest of the batch on a crash is acceptable.
 */
public interface OciStreamingManualCommit {

    /** Commits this exchange's batch; throws if the service refused (for example after a rebalance). */
    void commit();
}
