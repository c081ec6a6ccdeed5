package com.emailchannel.mail;

import com.emailchannel.setup.DomainNames;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the addresses we send from and to: an RFC 5322 dot-atom local part (no quoted strings: receivers treat those as spam
 * signals) at a valid domain, which is normalised to A-labels and lower case. Example:
 * {@code "Appointments@Bücher.example"} becomes {@code "Appointments@xn--bcher-kva.example"}.
 */
public final class EmailAddresses {

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern LOCAL_PART = Pattern.compile(ATEXT + "(?:\\." + ATEXT + ")*");

    private EmailAddresses() {
    }

    /** The normalised address, or null when it is not a valid address. */
    public static String normalise(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            return null;
        }
        String local = address.substring(0, at);
        String domain = DomainNames.normalise(address.substring(at + 1));
        if (local.length() > 64 || !LOCAL_PART.matcher(local).matches() || domain == null) {
            return null;
        }
        return local + "@" + domain.toLowerCase(Locale.ROOT);
    }

    public static String domainOf(String normalisedAddress) {
        return normalisedAddress.substring(normalisedAddress.lastIndexOf('@') + 1);
    }
}
