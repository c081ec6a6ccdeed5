package com.emailchannel.setup;

import com.emailchannel.crypto.SecretBox;
import com.emailchannel.dkim.DkimKeyPair;
import java.util.Map;
import java.util.UUID;

/** Completes a validated setup request with its id and a fresh DKIM key pair whose private half is sealed. */
public final class NewSetups {

    private final SecretBox secrets;

    public NewSetups(SecretBox secrets) {
        this.secrets = secrets;
    }

    public Map<String, Object> prepare(Map<String, Object> request) {
        UUID id = UUID.randomUUID();
        DkimKeyPair keys = DkimKeyPair.generate();
        request.put("id", id);
        request.put("selector", keys.selector());
        request.put("publicKey", keys.publicKeyBase64());
        request.put("privateKeyEnc", secrets.seal(keys.privateKeyPkcs8(), dkimKeyAssociatedData(id)));
        return request;
    }

    /** What a sealed DKIM key is bound to: its setup, so a key copied to another row does not open. */
    public static String dkimKeyAssociatedData(UUID setupId) {
        return "dkim-private-key:" + setupId;
    }
}
