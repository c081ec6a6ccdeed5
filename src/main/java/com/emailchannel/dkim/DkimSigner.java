package com.emailchannel.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;

/**
 * Signs a raw RFC 5322 message with DKIM (RFC 6376) through Apache James jDKIM: RSA-SHA256, relaxed/relaxed,
 * over the headers that identify and unsubscribe a message. Returns the complete {@code DKIM-Signature} header
 * field ({@code "DKIM-Signature: v=1; a=rsa-sha256; ..."}), to be added to the message unchanged.
 */
public final class DkimSigner {

    /** The signed header fields, in the order they are hashed (h= tag). */
    public static final String SIGNED_HEADERS =
            "from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe:list-unsubscribe-post";

    private DkimSigner() {
    }

    public static String sign(InputStream rawMessage, String domain, String selector, byte[] privateKeyPkcs8)
            throws IOException {
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector + "; h="
                + SIGNED_HEADERS + "; bh=; b=;";
        try {
            return new DKIMSigner(template, privateKey(privateKeyPkcs8)).sign(rawMessage);
        } catch (FailException e) {
            throw new IOException("DKIM signing failed: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored DKIM key is not an RSA PKCS#8 key", e);
        }
    }
}
