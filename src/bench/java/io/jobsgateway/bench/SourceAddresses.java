package io.jobsgateway.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loopback source addresses for more client connections than one address has ports: towards one
 * server port, a source address has only the kernel's ephemeral range
 * ({@code net.ipv4.ip_local_port_range}, 32768–60999 by default: some 28,000 ports), and a socket
 * bound to port 0 before it connects takes a port of its own on its address. Linux routes the
 * whole of 127.0.0.0/8 to the loopback interface, so connection {@code i} is bound to
 * 127.0.0.2, 127.0.0.3, ... ({@code perAddress} connections each), none of them 127.0.0.1, which
 * the publishers and everything else on the machine use.
 */
final class SourceAddresses {

    private static final int FIRST = 0x7f000002; // 127.0.0.2
    private static final int LAST = 0x7fffffff - 1; // 127.255.255.254
    /** Ports of the range left for what else binds on the address (and sockets still in TIME_WAIT). */
    private static final int SPARE_PORTS = 1000;

    final int perAddress;
    final int count;
    final int portRange;

    SourceAddresses(int connections, int perAddress) {
        this.portRange = ephemeralPorts();
        if (perAddress < 1 || perAddress > portRange - SPARE_PORTS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "-Dbench.scale.perSourceAddress=%d: a source"
                    + " address has %d ephemeral ports (net.ipv4.ip_local_port_range), so at most %d connections"
                    + " each, leaving %d spare", perAddress, portRange, portRange - SPARE_PORTS, SPARE_PORTS));
        }
        this.perAddress = perAddress;
        this.count = Math.max(1, (connections + perAddress - 1) / perAddress);
        if ((long) FIRST + count - 1 > LAST) {
            throw new IllegalArgumentException(connections + " connections at " + perAddress
                    + " per source address need more addresses than 127.0.0.0/8 has");
        }
    }

    /** The source address of connection {@code i} (0-based). */
    InetAddress of(int i) {
        return address(FIRST + i / perAddress);
    }

    /** "127.0.0.2 … 127.0.0.6 (5 addresses, at most 20,000 connections each, of 28,232 ports each)". */
    String describe() {
        return String.format(Locale.ROOT, "%s%s (%d address%s, at most %,d connections each, of %,d ephemeral ports each)",
                address(FIRST).getHostAddress(), count == 1 ? "" : " … " + address(FIRST + count - 1).getHostAddress(),
                count, count == 1 ? "" : "es", perAddress, portRange);
    }

    private static InetAddress address(int value) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                    (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** The size of the kernel's ephemeral port range; Linux's default if it cannot be read. */
    private static int ephemeralPorts() {
        try {
            // by lines: Files.readString answered one character of it (JDK 17; a /proc/sys file's size is 0)
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (java.io.IOException | RuntimeException e) {
            return 60999 - 32768 + 1;
        }
    }
}
