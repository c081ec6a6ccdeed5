package com.emailchannel.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = new SecretBox("a-configured-secret-key-of-32-chars");
    private final byte[] secret = "-----private key-----".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldOpenWhatItSealed() {
        assertThat(box.open(box.seal(secret, "setup:1"), "setup:1")).isEqualTo(secret);
    }

    @Test
    void shouldNeverSealTheSameWayTwice() {
        assertThat(box.seal(secret, "setup:1")).isNotEqualTo(box.seal(secret, "setup:1"));
    }

    @Test
    void shouldRefuseAnotherRowAnotherKeyOrATamperedBox() {
        byte[] sealed = box.seal(secret, "setup:1");

        assertThatThrownBy(() -> box.open(sealed, "setup:2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox("another-configured-secret-key-00").open(sealed, "setup:1"))
                .isInstanceOf(IllegalArgumentException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed, "setup:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open(new byte[3], "setup:1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAShortSecret() {
        assertThatThrownBy(() -> new SecretBox("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDeriveDifferentKeysPerPurpose() {
        assertThat(SecretBox.derive("a-configured-secret-key", "a")).hasSize(32)
                .isNotEqualTo(SecretBox.derive("a-configured-secret-key", "b"));
    }
}
