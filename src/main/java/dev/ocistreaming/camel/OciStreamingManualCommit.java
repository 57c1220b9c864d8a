package dev.ocistreaming.camel;

/**
 * Put on each exchange in {@code commitMode=MANUAL} as header {@code CamelOciStreamingManualCommit}.
 *
 * <p>Watermark (cumulative) semantics, like Kafka's commit of an offset or Pulsar's {@code acknowledgeCumulative}:
 * {@link #commit()} acknowledges this exchange's message and every earlier message of the same partition delivered
 * to this consumer instance, and commits what that allows. OCI commits a cursor, which covers whole batches (every
 * partition of the batch, and every batch before it), so the component commits only the newest batch that, with all
 * batches before it, is wholly acknowledged. A message in the middle of a batch, or of one partition while another
 * partition of the batch is still held by the route (an aggregator), is therefore committed later, by the
 * {@code commit()} that completes its batch. Nothing is committed without a call.
 *
 * <p>Safe to call from any thread (an aggregator's completion thread, say), any number of times.
 */
public interface OciStreamingManualCommit {

    /**
     * Acknowledges this message and every earlier one of its partition, and sends the commit that this completes, if
     * any, waiting for the service's answer.
     *
     * @return true when this message is committed once the call returns (by this call or an earlier one); false when
     *         it is acknowledged but waits for other messages of its batch or of an earlier batch, or when the call is
     *         ignored because the consumer discarded the session this message came from (after an unhandled failure,
     *         a failed call to the service, a refused commit, or a stop): the message is then delivered again
     * @throws OciStreamingException when the service refused the commit (the instance lost a partition to another
     *         instance, for example): the messages acknowledged since the group's last commit are delivered again,
     *         to the new owner; or when the service could not be reached: the acknowledgements are kept and the next
     *         {@code commit()} tries again
     */
    boolean commit();
}
