package com.emailchannel.setup;

/**
 * A DNS record a setup asks its owner to publish.
 *
 * @param purpose {@code dkim}, {@code mx} or {@code dmarc}
 * @param type    {@code TXT} or {@code MX}
 * @param address the owner name, e.g. {@code ec1a2b3c4d5e._domainkey.notifications.example.com}
 * @param value   the value to publish, e.g. {@code 10 mx.email-channel.example}
 */
public record ExpectedRecord(String purpose, String type, String address, String value) {
}
