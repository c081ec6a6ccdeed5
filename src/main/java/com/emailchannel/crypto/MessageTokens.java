package com.emailchannel.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that name one outbound message for one purpose (unsubscribe, bounce address, tracking), signed with a
 * key derived from {@code secrets.key}: base64url of the message id and a truncated HMAC-SHA256 (128 bits) over
 * purpose and id. A forged or altered token does not verify. The alphabet is safe in URLs and in the local part of
 * an address, e.g. {@code unsubscribe+<token>@notifications.example.com}.
 */
public final class MessageTokens {

    private static final int MAC_BYTES = 16;
    private static final Pattern TOKEN_ADDRESS = Pattern.compile("([A-Za-z]+)\\+([A-Za-z0-9_-]{43})@");

    private final SecretKeySpec key;

    public MessageTokens(String secret) {
        this.key = new SecretKeySpec(SecretBox.derive(secret, "email-channel/message-tokens/v1"), "HmacSHA256");
    }

    public String issue(String purpose, UUID messageId) {
        byte[] id = bytes(messageId);
        byte[] token = ByteBuffer.allocate(16 + MAC_BYTES).put(id).put(mac(purpose, id)).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The message a token names, if it is one of ours for this purpose. */
    public Optional<UUID> verify(String purpose, String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // One token, one spelling: base64 leaves spare bits in the last character, and a token that differs
        // only there must not count as the same token.
        if (raw.length != 16 + MAC_BYTES || !Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(token)) {
            return Optional.empty();
        }
        byte[] id = Arrays.copyOfRange(raw, 0, 16);
        if (!MessageDigest.isEqual(mac(purpose, id), Arrays.copyOfRange(raw, 16, raw.length))) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(id);
        return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
    }

    /**
     * The message named by the first {@code <purpose>+<token>@} address in {@code text} whose token is ours for
     * that purpose, e.g. {@code bounce+<token>@notifications.example.com} in a bounce's recipients.
     */
    public Optional<UUID> inAddresses(String purpose, String text) {
        Matcher addresses = TOKEN_ADDRESS.matcher(text == null ? "" : text);
        while (addresses.find()) {
            if (!addresses.group(1).equalsIgnoreCase(purpose)) {
                continue;
            }
            Optional<UUID> message = verify(purpose, addresses.group(2));
            if (message.isPresent()) {
                return message;
            }
        }
        return Optional.empty();
    }

    private byte[] mac(String purpose, byte[] id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(id), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is always present in the JDK", e);
        }
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
