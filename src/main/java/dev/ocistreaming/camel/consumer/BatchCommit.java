package dev.ocistreaming.camel.consumer;

import com.oracle.bmc.model.BmcException;
import dev.ocistreaming.camel.OciStreamingException;
import dev.ocistreaming.camel.OciStreamingManualCommit;
import dev.ocistreaming.camel.client.ServiceErrors;

/** The manual-commit handle of one batch: every exchange of the batch carries the same one. */
final class BatchCommit implements OciStreamingManualCommit {

    private final CursorSession session;
    private final Batch batch;
    private final InstanceState state;

    BatchCommit(CursorSession session, Batch batch, InstanceState state) {
        this.session = session;
        this.batch = batch;
        this.state = state;
    }

    @Override
    public void commit() {
        try {
            session.commit(batch);
            state.committed(batch);
        } catch (RuntimeException e) {
            String code = e instanceof BmcException b ? b.getServiceCode() : null;
            throw new OciStreamingException("Manual commit of a batch of " + batch.size() + " message(s) for instance "
                    + state.instanceName() + " failed: " + ServiceErrors.describe(e), code, e);
        }
    }
}
