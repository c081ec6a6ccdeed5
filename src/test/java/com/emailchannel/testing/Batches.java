package com.emailchannel.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies for {@code POST /v1/email/messages/batch}. */
public final class Batches {

    private Batches() {
    }

    /** {@code count} plain-text newsletters of one use case, to reader0@example.org, reader1@… */
    public static String newsletters(String useCaseId, int count) {
        ObjectNode batch = new ObjectMapper().createObjectNode().put("useCaseId", useCaseId);
        for (int i = 0; i < count; i++) {
            batch.withArray("messages").addObject().put("to", "reader" + i + "@example.org")
                    .put("subject", "Newsletter " + i).put("text", "News " + i);
        }
        return batch.toString();
    }
}
