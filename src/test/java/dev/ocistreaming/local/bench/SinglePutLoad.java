package dev.ocistreaming.local.bench;

import java.util.List;

import com.oracle.bmc.streaming.StreamClient;
import com.oracle.bmc.streaming.model.PutMessagesDetails;
import com.oracle.bmc.streaming.model.PutMessagesDetailsEntry;
import com.oracle.bmc.streaming.requests.PutMessagesRequest;

import dev.ocistreaming.testsupport.SdkClients;

/** Sends N single-message PutMessages to a running server: {@code <url> <streamId> <n>} (for profiling). */
public final class SinglePutLoad {
    public static void main(String[] args) {
        try (StreamClient c = SdkClients.streamClient(args[0])) {
            for (int i = 0; i < Integer.parseInt(args[2]); i++) {
                c.putMessages(PutMessagesRequest.builder().streamId(args[1]).putMessagesDetails(PutMessagesDetails
                        .builder().messages(List.of(PutMessagesDetailsEntry.builder().value(new byte[100]).build()))
                        .build()).build());
            }
        }
    }
}
