package io.jobsgateway.bench;

import io.jobsgateway.fixtures.RedisServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A measured stretch of time: the CPU the gateway nodes (and Redis) and the generator itself
 * spent in it, from {@code /proc/<pid>/stat} and {@code /proc/self/stat}, and the generator's
 * busiest thread. A generator that used 90 % of a core or more (in all, or in one thread) may
 * have delayed what it measured: the run is INVALID.
 */
final class Window {

    static final double SATURATED = 0.9;

    private final List<Node> nodes;
    private final RedisServer redis;
    private final long startNanos;
    private final long[] nodeTicks;
    private final long redisTicks;
    private final long selfTicks;
    private final Map<String, Long> threadTicks;
    private final List<Map<String, Long>> nodeThreadTicks = new ArrayList<>();

    long endNanos;
    double seconds;
    double[] nodeCpuSeconds;
    double redisCpuSeconds;
    double generatorCpuSeconds;
    /** Per node, its busiest threads in the window, by name pattern (digits folded), with their cores. */
    final List<Map<String, Double>> nodeThreads = new ArrayList<>();
    String busiestThread = "?";
    double busiestThreadCores;

    Window(List<Node> nodes, RedisServer redis) {
        this.nodes = nodes;
        this.redis = redis;
        this.nodeTicks = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            nodeTicks[i] = nodes.get(i).cpuTicks();
            nodeThreadTicks.add(Proc.threadTicks(nodes.get(i).pid()));
        }
        this.redisTicks = redis == null ? 0 : Proc.cpuTicks(redis.pid());
        this.threadTicks = Proc.selfThreadTicks();
        this.selfTicks = Proc.selfCpuTicks();
        this.startNanos = System.nanoTime();
    }

    Window end() {
        endNanos = System.nanoTime();
        long self = Proc.selfCpuTicks();
        Map<String, Long> threads = Proc.selfThreadTicks();
        seconds = (endNanos - startNanos) / 1e9;
        nodeCpuSeconds = new double[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            nodeCpuSeconds[i] = Proc.ticksToSeconds(nodes.get(i).cpuTicks() - nodeTicks[i]);
            nodeThreads.add(threadGroups(nodeThreadTicks.get(i), Proc.threadTicks(nodes.get(i).pid()), seconds));
        }
        redisCpuSeconds = redis == null ? 0 : Proc.ticksToSeconds(Proc.cpuTicks(redis.pid()) - redisTicks);
        generatorCpuSeconds = Proc.ticksToSeconds(self - selfTicks);
        List<Map.Entry<String, Long>> top = Proc.top(threadTicks, threads, 1);
        if (!top.isEmpty()) {
            busiestThread = top.get(0).getKey().replaceFirst("^\\d+ ", "");
            busiestThreadCores = Proc.ticksToSeconds(top.get(0).getValue()) / seconds;
        }
        return this;
    }

    /**
     * CPU by thread kind: thread names with their numbers folded ("http-thread-pool::http-listener(12)"
     * and "(13)" are one kind), as cores, the busiest six kinds.
     */
    private static Map<String, Double> threadGroups(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Long> byKind = new java.util.HashMap<>();
        after.forEach((thread, ticks) -> {
            String kind = thread.replaceFirst("^\\d+ ", "").replaceAll("\\d+", "#");
            byKind.merge(kind, ticks - before.getOrDefault(thread, 0L), Long::sum);
        });
        Map<String, Double> top = new LinkedHashMap<>();
        byKind.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(e -> top.put(e.getKey(), Proc.ticksToSeconds(e.getValue()) / seconds));
        return top;
    }

    double serverCpuSeconds() {
        double sum = 0;
        for (double s : nodeCpuSeconds) {
            sum += s;
        }
        return sum;
    }

    double generatorCores() {
        return generatorCpuSeconds / seconds;
    }

    /** Adds the CPU rows and fields to {@code report}, per unit of work, and judges the generator. */
    void report(Report report, String unitName, long units) {
        double server = serverCpuSeconds();
        StringBuilder serverText = new StringBuilder(String.format(Locale.ROOT, "%.2f cores", server / seconds));
        if (nodes.size() > 1) {
            serverText.append(" (");
            for (int i = 0; i < nodes.size(); i++) {
                serverText.append(i == 0 ? "" : ", ").append(nodes.get(i).name)
                        .append(String.format(Locale.ROOT, " %.2f", nodeCpuSeconds[i] / seconds));
            }
            serverText.append(")");
        }
        if (units > 0) {
            serverText.append(String.format(Locale.ROOT, "; %s per %s", micros(server / units), unitName));
        }
        report.row("server CPU", serverText.toString());
        for (int i = 0; i < nodes.size(); i++) {
            StringBuilder threads = new StringBuilder();
            nodeThreads.get(i).forEach((kind, cores) -> threads.append(threads.length() == 0 ? "" : ", ")
                    .append(kind).append(String.format(Locale.ROOT, " %.2f", cores)));
            report.row(nodes.size() > 1 ? "threads " + nodes.get(i).name : "server threads", threads.toString());
        }
        if (redis != null) {
            report.row("redis CPU", String.format(Locale.ROOT, "%.2f cores%s", redisCpuSeconds / seconds,
                    units > 0 ? "; " + micros(redisCpuSeconds / units) + " per " + unitName : ""));
        }
        report.row("generator CPU", String.format(Locale.ROOT, "%.2f cores (busiest thread %s: %.2f)%s",
                generatorCores(), busiestThread, busiestThreadCores,
                units > 0 ? "; " + micros(generatorCpuSeconds / units) + " per " + unitName : ""));
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("windowSeconds", seconds);
        cpu.put("serverCores", server / seconds);
        List<Object> perNode = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            perNode.add(Map.of("node", nodes.get(i).name, "cores", nodeCpuSeconds[i] / seconds));
        }
        cpu.put("serverNodes", perNode);
        List<Object> threads = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            threads.add(Map.of("node", nodes.get(i).name, "coresByThreadKind", nodeThreads.get(i)));
        }
        cpu.put("serverThreads", threads);
        cpu.put("unit", unitName);
        cpu.put("units", units);
        cpu.put("serverMicrosPerUnit", units > 0 ? server * 1e6 / units : null);
        if (redis != null) {
            cpu.put("redisCores", redisCpuSeconds / seconds);
            cpu.put("redisMicrosPerUnit", units > 0 ? redisCpuSeconds * 1e6 / units : null);
        }
        cpu.put("generatorCores", generatorCores());
        cpu.put("generatorBusiestThread", busiestThread);
        cpu.put("generatorBusiestThreadCores", busiestThreadCores);
        cpu.put("generatorMicrosPerUnit", units > 0 ? generatorCpuSeconds * 1e6 / units : null);
        report.put("cpu", cpu);
        if (generatorCores() >= SATURATED) {
            report.invalid(String.format(Locale.ROOT, "the generator used %.2f cores (>= %.1f)", generatorCores(),
                    SATURATED));
        } else if (busiestThreadCores >= SATURATED) {
            report.invalid(String.format(Locale.ROOT, "the generator's thread %s used %.2f of a core (>= %.1f)",
                    busiestThread, busiestThreadCores, SATURATED));
        }
    }

    static String micros(double seconds) {
        double us = seconds * 1e6;
        return us >= 10_000 ? String.format(Locale.ROOT, "%.1f ms", us / 1000)
                : us >= 100 ? String.format(Locale.ROOT, "%.0f µs", us)
                : String.format(Locale.ROOT, "%.1f µs", us);
    }
}
