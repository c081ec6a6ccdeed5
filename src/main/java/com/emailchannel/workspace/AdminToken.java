package com.emailchannel.workspace;

import com.emailchannel.api.ApiProblem;
import java.security.MessageDigest;

/** Checks the operator token that guards workspace creation, in constant time. */
public final class AdminToken {

    private final byte[] expectedHash;

    public AdminToken(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("platform.admin-token must be at least 16 characters");
        }
        this.expectedHash = ApiKeys.hash(token);
    }

    public void require(String authorization) {
        byte[] presented = ApiKeys.hash(ApiKeys.bearerToken(authorization));
        if (!MessageDigest.isEqual(expectedHash, presented)) {
            throw ApiProblem.unauthorized("The admin token is not valid");
        }
    }

}
