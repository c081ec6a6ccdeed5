package com.emailchannel.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.BodyHasher;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ContentUtil;

/**
 * Signs a raw RFC 5322 message with DKIM (RFC 6376) through Apache James jDKIM: RSA-SHA256, relaxed/relaxed,
 * over the headers that identify and unsubscribe a message. Returns the complete {@code DKIM-Signature} header
 * field ({@code "DKIM-Signature: v=1; a=rsa-sha256; ..."}), to be added to the message unchanged.
 * <p>
 * The message is read once with mime4j's streaming parser: header fields are kept, the body flows straight into
 * jDKIM's body hash (jDKIM's own {@code sign(InputStream)} would hold the whole body in memory).
 */
public final class DkimSigner {

    /** The signed header fields, in the order they are hashed (h= tag). */
    public static final String SIGNED_HEADERS =
            "from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe:list-unsubscribe-post";

    private DkimSigner() {
    }

    public static String sign(InputStream rawMessage, String domain, String selector, PrivateKey privateKey)
            throws IOException {
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector + "; h="
                + SIGNED_HEADERS + "; bh=; b=;";
        try {
            DKIMSigner signer = new DKIMSigner(template, privateKey);
            SignatureRecord record = signer.newSignatureRecordTemplate(template);
            BodyHasher bodyHash = signer.newBodyHasher(record);
            Headers headers = hashBody(rawMessage, bodyHash);
            return signer.sign(headers, bodyHash);
        } catch (FailException e) {
            throw new IOException("DKIM signing failed: " + e.getMessage(), e);
        }
    }

    private static Headers hashBody(InputStream rawMessage, BodyHasher bodyHash) throws IOException {
        List<String> fields = new ArrayList<>();
        // jDKIM asks for each signed header by name: indexed once instead of scanning every field per name
        Map<String, List<String>> byName = new HashMap<>();
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(-1)
                .setMaxHeaderCount(-1).build());
        stream.setRecursionMode(RecursionMode.M_FLAT);
        stream.parse(rawMessage);
        try (OutputStream body = bodyHash.getOutputStream()) {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_FIELD) {
                    String field = ContentUtil.decode(stream.getField().getRaw());
                    fields.add(field);
                    byName.computeIfAbsent(stream.getField().getName().toLowerCase(Locale.ROOT),
                            name -> new ArrayList<>(1)).add(field);
                } else if (state == EntityState.T_BODY) {
                    stream.getInputStream().transferTo(body);
                }
            }
        } catch (MimeException e) {
            throw new IOException("message to sign is not parseable: " + e.getMessage(), e);
        }
        return new Headers() {
            @Override
            public List<String> getFields() {
                return fields;
            }

            @Override
            public List<String> getFields(String name) {
                return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            }
        };
    }

    /** An RSA private key from its PKCS#8 DER bytes. */
    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored DKIM key is not an RSA PKCS#8 key", e);
        }
    }
}
