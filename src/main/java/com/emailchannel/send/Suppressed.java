package com.emailchannel.send;

import com.emailchannel.api.ApiProblem;

/** 422: the recipient is suppressed for this use case; the detail names the reason. */
public class Suppressed extends ApiProblem {

    public Suppressed(String reason) {
        super(422, "suppressed", "Recipient suppressed", "the recipient is suppressed for this use case: " + reason);
    }
}
