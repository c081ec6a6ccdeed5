package com.emailchannel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Update;

/**
 * Publishes and removes records in a DNS server by RFC 2136 dynamic update over the wire, as a customer's DNS
 * provider would. TXT values longer than 255 bytes are split into several character-strings, as providers do.
 */
public final class DnsPublisher {

    private final SimpleResolver server;

    public DnsPublisher(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        this.server = new SimpleResolver(new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))));
        this.server.setTimeout(Duration.ofSeconds(2));
        this.server.setTCP(true);
    }

    public void txt(String address, String value, int chunkSize) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.length(); i += chunkSize) {
            strings.add(value.substring(i, Math.min(value.length(), i + chunkSize)));
        }
        Name name = name(address);
        send(name, new TXTRecord(name, DClass.IN, 300, strings), false);
    }

    public void txt(String address, String value) {
        txt(address, value, 255);
    }

    public void mx(String address, int preference, String host) {
        Name name = name(address);
        send(name, new MXRecord(name, DClass.IN, 300, preference, name(host)), false);
    }

    /** Removes every record of {@code type} at {@code address}. */
    public void remove(String address, int type) {
        Name name = name(address);
        Update update = new Update(zoneOf(name));
        update.delete(name, type);
        send(update);
    }

    /** Publishes all records of a setup response exactly as shown (the newcomer's path). */
    public void publishAsShown(com.fasterxml.jackson.databind.JsonNode setup) {
        for (com.fasterxml.jackson.databind.JsonNode record : setup.get("records")) {
            String address = record.get("address").asText();
            String value = record.get("value").asText();
            if (record.get("type").asText().equals("MX")) {
                String[] parts = value.split(" ");
                mx(address, Integer.parseInt(parts[0]), parts[1]);
            } else {
                txt(address, value);
            }
        }
    }

    private void send(Name name, org.xbill.DNS.Record record, boolean replace) {
        Update update = new Update(zoneOf(name));
        if (replace) {
            update.replace(record);
        } else {
            update.add(record);
        }
        send(update);
    }

    private void send(Update update) {
        try {
            Message response = server.send(update);
            if (response.getRcode() != Rcode.NOERROR) {
                throw new IllegalStateException("update refused: " + Rcode.string(response.getRcode()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Name zoneOf(Name name) {
        return new Name(name, Math.max(0, name.labels() - 3));
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

}
