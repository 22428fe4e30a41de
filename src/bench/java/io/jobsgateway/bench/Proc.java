package io.jobsgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What Linux's {@code /proc} says of a process: CPU time, resident memory, its threads. */
final class Proc {

    /** Clock ticks per second of {@code /proc/<pid>/stat}, from {@code getconf CLK_TCK}. */
    static final long TICKS_PER_SECOND = clockTicks();

    private Proc() {
    }

    /** utime + stime of a process, in clock ticks; -1 when it is gone. */
    static long cpuTicks(long pid) {
        return cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    static long selfCpuTicks() {
        return cpuTicks(Path.of("/proc/self/stat"));
    }

    static double ticksToSeconds(long ticks) {
        return (double) ticks / TICKS_PER_SECOND;
    }

    /** VmRSS in bytes; -1 when it is gone. */
    static long rssBytes(long pid) {
        return rss(Path.of("/proc", Long.toString(pid), "status"));
    }

    static long selfRssBytes() {
        return rss(Path.of("/proc/self/status"));
    }

    /** CPU ticks of each thread of this process, by "tid name". */
    static Map<String, Long> selfThreadTicks() {
        return threadTicks(Path.of("/proc/self/task"));
    }

    /** CPU ticks of each thread of process {@code pid}, by "tid name". */
    static Map<String, Long> threadTicks(long pid) {
        return threadTicks(Path.of("/proc", Long.toString(pid), "task"));
    }

    private static Map<String, Long> threadTicks(Path taskDir) {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                String stat = read(task.resolve("stat"));
                if (stat == null) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                ticks.put(task.getFileName() + " " + name, ticksOf(stat));
            }
        } catch (IOException e) {
            // threads come and go; an unreadable listing just means no per-thread figures
        }
        return ticks;
    }

    /** Counters of {@code /proc/net/netstat} (this network namespace), e.g. TcpExt ListenOverflows; -1 if absent. */
    static long netstat(String group, String name) {
        String text = read(Path.of("/proc/net/netstat"));
        if (text == null) {
            return -1;
        }
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith(group + ":") && lines[i + 1].startsWith(group + ":")) {
                String[] names = lines[i].split("\\s+");
                String[] values = lines[i + 1].split("\\s+");
                for (int j = 1; j < names.length && j < values.length; j++) {
                    if (names[j].equals(name)) {
                        return Long.parseLong(values[j]);
                    }
                }
            }
        }
        return -1;
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} shows them. */
    static String loadAverage() {
        String text = read(Path.of("/proc/loadavg"));
        if (text == null) {
            return "?";
        }
        String[] parts = text.trim().split("\\s+");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    static int cores() {
        String nproc = run(List.of("nproc"));
        try {
            return Integer.parseInt(nproc.trim());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static String cpuModel() {
        String info = read(Path.of("/proc/cpuinfo"));
        if (info != null) {
            for (String line : info.split("\n")) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        return "?";
    }

    /**
     * The send and receive queues of every TCP socket of this network namespace ({@code
     * /proc/net/tcp} and {@code tcp6}: {@code tx_queue}, bytes written and not yet acknowledged,
     * and {@code rx_queue}, bytes received and not yet read), keyed by {@link #portPair}.
     */
    static Map<Long, long[]> tcpQueues() {
        Map<Long, long[]> queues = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            String text = read(Path.of(table));
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n");
            for (int i = 1; i < lines.length; i++) { // the first line names the columns
                String[] fields = lines[i].trim().split("\\s+");
                if (fields.length < 5) {
                    continue;
                }
                String[] txRx = fields[4].split(":");
                queues.put(portPair(port(fields[1]), port(fields[2])),
                        new long[] {Long.parseLong(txRx[0], 16), Long.parseLong(txRx[1], 16)});
            }
        }
        return queues;
    }

    /** The key of a socket in {@link #tcpQueues}: on loopback its two ports name it. */
    static long portPair(int localPort, int remotePort) {
        return ((long) localPort << 16) | remotePort;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }

    /** Runs a short command and answers what it printed (stdout and stderr), or "" if it failed. */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            process.waitFor(120, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long cpuTicks(Path stat) {
        String text = read(stat);
        return text == null ? -1 : ticksOf(text);
    }

    /** Fields 14 (utime) and 15 (stime), counted after the command name, which may hold spaces. */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long rss(Path status) {
        String text = read(status);
        if (text == null) {
            return -1;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }

    private static long clockTicks() {
        try {
            return Long.parseLong(run(List.of("getconf", "CLK_TCK")).trim());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** The top {@code n} entries of a tick delta, largest first, as "name=ticks". */
    static List<Map.Entry<String, Long>> top(Map<String, Long> before, Map<String, Long> after, int n) {
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        after.forEach((thread, ticks) -> deltas.add(Map.entry(thread, ticks - before.getOrDefault(thread, 0L))));
        deltas.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        return deltas.subList(0, Math.min(n, deltas.size()));
    }
}
