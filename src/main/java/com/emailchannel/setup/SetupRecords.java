package com.emailchannel.setup;

import com.emailchannel.dkim.DkimKeyPair;
import java.util.List;

/** The DKIM, MX and DMARC records that verify a setup's domain, derived from the setup and the inbound MX host. */
public final class SetupRecords {

    public static final String DMARC_VALUE = "v=DMARC1; p=none; adkim=r; aspf=r";
    static final int MX_PREFERENCE = 10;

    private final String mxHost;

    public SetupRecords(String mxHost) {
        this.mxHost = stripDot(mxHost);
    }

    public List<ExpectedRecord> expected(String domain, String selector, String dkimPublicKey) {
        return List.of(
                new ExpectedRecord("dkim", "TXT", selector + "._domainkey." + domain, DkimKeyPair.txtValue(dkimPublicKey)),
                new ExpectedRecord("mx", "MX", domain, MX_PREFERENCE + " " + mxHost),
                new ExpectedRecord("dmarc", "TXT", "_dmarc." + domain, DMARC_VALUE));
    }

    public String mxHost() {
        return mxHost;
    }

    static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
