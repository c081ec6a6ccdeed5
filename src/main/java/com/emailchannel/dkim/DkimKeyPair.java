package com.emailchannel.dkim;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A fresh DKIM identity for one setup: an RSA key pair and a selector. The public key is published as
 * {@code v=DKIM1; k=rsa; p=<base64 SubjectPublicKeyInfo>} (RFC 6376 §3.6.1); the private key is PKCS#8 DER.
 *
 * @param selector        e.g. {@code ec3f9a1c2b}
 * @param publicKeyBase64 the {@code p=} value
 * @param privateKeyPkcs8 the private key, to be sealed before it is stored
 */
public record DkimKeyPair(String selector, String publicKeyBase64, byte[] privateKeyPkcs8) {

    public static final int RSA_BITS = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static DkimKeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            byte[] selectorBytes = new byte[5];
            RANDOM.nextBytes(selectorBytes);
            return new DkimKeyPair("ec" + HexFormat.of().formatHex(selectorBytes),
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    pair.getPrivate().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is always present in the JDK", e);
        }
    }

    /** The TXT record value to publish at {@code <selector>._domainkey.<domain>}. */
    public static String txtValue(String publicKeyBase64) {
        return "v=DKIM1; k=rsa; p=" + publicKeyBase64;
    }
}
