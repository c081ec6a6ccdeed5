package com.emailchannel.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free loopback port (TCP and UDP) for a server a test starts, some time later or more than once. It is taken
 * below the kernel's ephemeral range: a port from that range, once free, can be handed to any outgoing connection
 * of this JVM (the shared service's pools open them all the time), and a server started on it then fails with
 * "Address already in use". That is the likeliest reading of one such failure of LiveDnsLookupsTest, restarting
 * its DNS server on the port the kernel had first chosen for it; it was not reproduced.
 */
public final class FreePorts {

    private static final int LOWEST = 20000;

    private FreePorts() {
    }

    public static int next() {
        int below = Math.min(ephemeralRangeStart(), 32768);
        if (below <= LOWEST) {
            throw new IllegalStateException("the ephemeral port range starts at " + below + ", below " + LOWEST);
        }
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
    }

    private static boolean free(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.bind(address);
            try (DatagramSocket udp = new DatagramSocket(address)) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.exists(range)) {
            return 32768;
        }
        // read line by line: Files.readString of this procfs file returns only its first byte (size 0)
        try (BufferedReader reader = Files.newBufferedReader(range)) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable " + range, e);
        }
    }
}
