package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.oracle.bmc.streaming.model.CreateCursorDetails;
import com.oracle.bmc.streaming.model.CreateGroupCursorDetails;
import org.junit.jupiter.api.Test;

/** Our cursor names are the service's wire names: the SDK's own lookup finds every one of them. */
class CursorNamesTest {

    @Test
    void everyCursorTypeIsASdkCursorType() {
        for (CursorType t : CursorType.values()) {
            assertThat(CreateCursorDetails.Type.create(t.name()).getValue()).isEqualTo(t.name());
        }
    }

    @Test
    void everyInitialPositionIsASdkGroupCursorType() {
        for (InitialPosition p : InitialPosition.values()) {
            assertThat(CreateGroupCursorDetails.Type.create(p.name()).getValue())
                    .isEqualTo(p.name());
        }
    }
}
