package com.emailchannel.workspace;

import com.emailchannel.api.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues workspace API keys and turns a presented key into the hash the database stores. Keys are 256 random bits,
 * so a single SHA-256 is enough to make a leaked table useless (no password stretching needed).
 */
public final class ApiKeys {

    public static final String PREFIX = "ec_";

    private final SecureRandom random = new SecureRandom();

    /** A new key as shown once to the operator, e.g. {@code ec_Q2xh...}. */
    public String issue() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] hash(String apiKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }

    /** The first characters of a key, stored to help an operator tell keys apart without storing the key. */
    public static String displayPrefix(String apiKey) {
        return apiKey.substring(0, Math.min(apiKey.length(), PREFIX.length() + 6));
    }

    /** The key hash from an {@code Authorization: Bearer <key>} header, or 401 when none is presented. */
    public static byte[] hashFromAuthorization(String authorization) {
        return hash(bearerToken(authorization));
    }

    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiProblem.unauthorized("Authorization: Bearer <api key> is required");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
            throw ApiProblem.unauthorized("Authorization must be of the form: Bearer <api key>");
        }
        return parts[1];
    }
}
