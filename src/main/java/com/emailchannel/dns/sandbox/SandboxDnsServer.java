package com.emailchannel.dns.sandbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on loopback, speaking the real wire protocol over UDP and TCP, that accepts RFC 2136
 * dynamic updates the way a customer's DNS provider would. Tests publish and remove records with it, and a
 * newcomer can publish a setup's records with {@code nsupdate} (see README). It answers for every name it holds
 * records for: NOERROR with the records, NOERROR and no data for another type, NXDOMAIN for an unknown name.
 * <p>
 * Only for tests and local trials: it binds 127.0.0.1 and takes updates without authentication.
 */
public final class SandboxDnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxDnsServer.class);
    private static final int PLAIN_UDP_LIMIT = 512;

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "sandbox-dns");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> tcpClients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tcpMessages = new AtomicInteger();
    private volatile int forcedRcode = Rcode.NOERROR;

    private SandboxDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Starts on 127.0.0.1:{@code port} (0 picks a free port, the same for UDP and TCP). */
    public static SandboxDnsServer start(int port) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; ; attempt++) {
            ServerSocket tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(loopback, port));
            try {
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
                SandboxDnsServer server = new SandboxDnsServer(udp, tcp);
                server.workers.execute(server::serveUdp);
                server.workers.execute(server::serveTcp);
                LOG.info("Sandbox DNS server (RFC 2136 updates accepted) listening on 127.0.0.1:{} UDP and TCP",
                        server.port());
                return server;
            } catch (SocketException e) {
                tcp.close();
                if (port != 0 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    public int port() {
        return tcp.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Makes every query fail with {@code rcode} (e.g. {@link Rcode#SERVFAIL}); {@link Rcode#NOERROR} restores. */
    public void answerEveryQueryWith(int rcode) {
        this.forcedRcode = rcode;
    }

    /** The records held at {@code name} (any type), for tests that check what an update did. */
    public List<Record> recordsAt(Name name) {
        return List.copyOf(records.getOrDefault(name, List.of()));
    }

    /** How many messages arrived over TCP, for tests that check a truncated answer was retried there. */
    public int tcpMessages() {
        return tcpMessages.get();
    }

    Message handle(Message query) {
        Message response = new Message(query.getHeader().getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(query.getHeader().getOpcode());
        Record question = query.getQuestion();
        if (question != null) {
            response.addRecord(question, Section.QUESTION);
        }
        if (query.getHeader().getOpcode() == Opcode.UPDATE) {
            applyUpdate(query);
            header.setRcode(Rcode.NOERROR);
            return response;
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY || question == null) {
            header.setRcode(Rcode.NOTIMP);
            return response;
        }
        if (forcedRcode != Rcode.NOERROR) {
            header.setRcode(forcedRcode);
            return response;
        }
        header.setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        Name name = question.getName();
        SOARecord soa = soaOf(zoneOf(name));
        if (question.getType() == Type.SOA && name.equals(soa.getName())) {
            response.addRecord(soa, Section.ANSWER);
            return response;
        }
        List<Record> atName = records.getOrDefault(name, List.of());
        for (Record record : atName) {
            if (question.getType() == Type.ANY || record.getType() == question.getType()) {
                response.addRecord(record, Section.ANSWER);
            }
        }
        if (response.getSection(Section.ANSWER).isEmpty()) {
            // RFC 2308: a negative answer carries the zone's SOA; nsupdate also finds the zone this way.
            header.setRcode(atName.isEmpty() && !name.equals(soa.getName()) ? Rcode.NXDOMAIN : Rcode.NOERROR);
            response.addRecord(soa, Section.AUTHORITY);
        }
        return response;
    }

    /** Every name belongs to the zone of its last two labels, e.g. notifications.acme.example is in acme.example. */
    static Name zoneOf(Name name) {
        return name.labels() <= 3 ? name : new Name(name, name.labels() - 3);
    }

    private static SOARecord soaOf(Name zone) {
        return new SOARecord(zone, DClass.IN, 60, Name.fromConstantString("ns.sandbox.invalid."),
                Name.fromConstantString("hostmaster.sandbox.invalid."), 1, 3600, 600, 86400, 60);
    }

    /** RFC 2136 §3.4.2: class IN adds, class ANY deletes an RRset (or all at the name), class NONE deletes one RR. */
    private void applyUpdate(Message update) {
        for (Record record : update.getSection(Section.UPDATE)) {
            Name name = record.getName();
            int dclass = record.getDClass();
            if (dclass == DClass.IN) {
                records.compute(name, (n, list) -> {
                    List<Record> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
                    next.removeIf(existing -> existing.equals(record));
                    next.add(record);
                    return next;
                });
            } else if (dclass == DClass.ANY) {
                records.computeIfPresent(name, (n, list) -> {
                    List<Record> next = new ArrayList<>(list);
                    next.removeIf(existing -> record.getType() == Type.ANY || existing.getType() == record.getType());
                    return next.isEmpty() ? null : next;
                });
            } else if (dclass == DClass.NONE) {
                records.computeIfPresent(name, (n, list) -> {
                    List<Record> next = new ArrayList<>(list);
                    next.removeIf(existing -> existing.getType() == record.getType()
                            && existing.rdataToString().equals(record.rdataToString()));
                    return next.isEmpty() ? null : next;
                });
            }
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, opt.getPayloadSize());
                // toWire(limit) drops what does not fit and sets TC, so the client retries over TCP.
                byte[] answer = handle(query).toWire(limit);
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!udp.isClosed()) {
                    LOG.debug("sandbox DNS: dropped a malformed UDP message", e);
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket client = tcp.accept();
                tcpClients.add(client);
                workers.execute(() -> serveTcpClient(client));
            } catch (IOException e) {
                if (!tcp.isClosed()) {
                    LOG.debug("sandbox DNS: TCP accept failed", e);
                }
            }
        }
    }

    private void serveTcpClient(Socket client) {
        try (client; DataInputStream in = new DataInputStream(client.getInputStream());
                DataOutputStream out = new DataOutputStream(client.getOutputStream())) {
            while (true) {
                int length = in.readUnsignedShort();
                byte[] wire = in.readNBytes(length);
                tcpMessages.incrementAndGet();
                byte[] answer = handle(new Message(wire)).toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException e) {
            // the client closed the connection after its last question
        } catch (IOException e) {
            LOG.debug("sandbox DNS: TCP client failed", e);
        } finally {
            tcpClients.remove(client);
        }
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.debug("sandbox DNS: closing TCP socket failed", e);
        }
        // Clients keep TCP connections open for reuse: a stopped server must drop them like a real one.
        for (Socket client : tcpClients) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("sandbox DNS: closing a TCP client failed", e);
            }
        }
        workers.shutdownNow();
    }
}
