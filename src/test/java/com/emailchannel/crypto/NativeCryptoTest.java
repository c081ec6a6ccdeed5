package com.emailchannel.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {

    @Test
    void dkimSignaturesComeFromTheNativeProviderAndVerifyWithTheJdks() throws Exception {
        assertTrue(NativeCrypto.install(), "AWS-LC loads on linux-x86_64");
        KeyPair pair = KeyPairGenerator.getInstance("RSA", "SunRsaSign").generateKeyPair();
        // as DkimSigner.privateKey and jDKIM do it: no provider named
        PrivateKey stored = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(stored);
        byte[] data = "from:Care <care@clinic.example>\r\n".getBytes(StandardCharsets.US_ASCII);
        signer.update(data);
        byte[] signature = signer.sign();
        assertEquals("AmazonCorrettoCryptoProvider", signer.getProvider().getName());

        Signature verifier = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        assertTrue(verifier.verify(signature));
    }
}
