package com.emailchannel.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageTokensTest {

    private final MessageTokens tokens = new MessageTokens("a-configured-secret-key-of-32-chars");
    private final UUID message = UUID.randomUUID();

    @Test
    void shouldNameTheMessageItWasIssuedFor() {
        String token = tokens.issue("unsubscribe", message);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(tokens.verify("unsubscribe", token)).contains(message);
    }

    @Test
    void shouldRefuseForgedAlteredOrRepurposedTokens() {
        String token = tokens.issue("unsubscribe", message);
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(tokens.verify("unsubscribe", altered)).isEmpty();
        assertThat(tokens.verify("bounce", token)).isEmpty();
        assertThat(new MessageTokens("another-configured-secret-key-000").verify("unsubscribe", token)).isEmpty();
        assertThat(tokens.verify("unsubscribe", "not base64 !")).isEmpty();
        assertThat(tokens.verify("unsubscribe", "")).isEmpty();
        // The last character carries two spare bits: every other spelling of the same bytes is refused too.
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
            String respelled = token.substring(0, token.length() - 1) + c;
            if (!respelled.equals(token)) {
                assertThat(tokens.verify("unsubscribe", respelled)).as(respelled).isEmpty();
            }
        }
    }

    @Test
    void shouldFindTheMessageInAnAddressOfItsPurpose() {
        String bounce = tokens.issue("bounce", message);
        String forged = tokens.issue("reply", message);

        assertThat(tokens.inAddresses("bounce", "a@x.example, Bounce+" + bounce + "@notifications.example.com"))
                .contains(message);
        assertThat(tokens.inAddresses("bounce", "bounce+" + forged + "@notifications.example.com")).isEmpty();
        assertThat(tokens.inAddresses("reply", "bounce+" + bounce + "@notifications.example.com")).isEmpty();
        assertThat(tokens.inAddresses("bounce", null)).isEmpty();
    }
}
