package com.emailchannel.setup;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises a sending domain: IDN (U-labels) to A-labels, lower case, no trailing dot, and checks it is a host
 * name that can carry MX and TXT records: at least two labels of letters, digits and inner hyphens.
 * Example: {@code "Bücher.Example."} becomes {@code "xn--bcher-kva.example"}.
 */
public final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private DomainNames() {
    }

    /** The A-label form, or {@code null} when {@code input} is not a valid domain. */
    public static String normalise(String input) {
        if (input == null) {
            return null;
        }
        String name = input.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.contains("..")) {
            return null;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (ascii.length() > 253) {
            return null;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        String topLevel = labels[labels.length - 1];
        if (topLevel.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return ascii;
    }
}
