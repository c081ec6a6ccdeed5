package com.emailchannel.delivery;

import java.util.List;

/**
 * What a delivery report says, in the terms the service acts on.
 *
 * @param envelopeId        the ENVID we sent (RFC 3461 Original-Envelope-Id), our message id, or null
 * @param originalMessageId the Message-ID of the returned message's headers, or null
 * @param recipients        one outcome per recipient the report is about
 */
public record DeliveryReport(String envelopeId, String originalMessageId, List<Outcome> recipients) {

    /** {@code delivered}, {@code hard} (permanent failure) or {@code soft} (delayed or temporary failure). */
    public record Outcome(String recipient, String result, String status, String diagnostic) {
    }
}
