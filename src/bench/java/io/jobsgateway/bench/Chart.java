package io.jobsgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the README's chart from the side-by-side runs kept in {@code src/bench/results}: each
 * {@code <series>.jsonl} is the {@code results.jsonl} of one {@code ../shared/perf/compare.sh} run
 * (its name says the scenario and whether it was cold or warm), each line one measured run of one
 * system. For every series and every system but the peer ({@code nest}), it plots the median
 * server CPU per unit of work (delivery, event or handshake, as compare.sh's report counts them)
 * and the median p99 latency, each divided by the peer's median of the same series; the issue's
 * targets (0.5× for CPU, 1× for latency) are drawn as lines. Standalone, so that one command
 * regenerates it with nothing but a JDK:
 *
 * <pre>java src/bench/java/io/jobsgateway/bench/Chart.java src/bench/results</pre>
 */
public final class Chart {

    private static final String PEER = "nest";
    /** compare.sh's names of the systems, as the chart shows them. */
    private static final Map<String, String> SYSTEMS = Map.of("java", "Payara Micro 6", "wildfly", "WildFly 39");
    private static final int ROW = 22;
    private static final int LEFT = 330;
    private static final int BAR_WIDTH = 360;
    private static final double MAX_RATIO = 9.0;

    record Measured(String label, double cpuPerUnit, double p99) {
    }

    record Bar(String series, String label, double cpuRatio, double p99Ratio, int runs) {
    }

    private Chart() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/bench/results");
        List<Bar> bars = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                bars.addAll(bars(file.getFileName().toString().replace(".jsonl", ""), Files.readAllLines(file)));
            }
        }
        Path out = dir.resolve("chart.svg");
        Files.writeString(out, svg(bars));
        System.out.println("wrote " + out + " (" + bars.size() + " bars)");
    }

    static List<Bar> bars(String series, List<String> lines) {
        Map<String, List<Measured>> byLabel = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                Measured m = measured(line);
                byLabel.computeIfAbsent(m.label(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Measured> peer = byLabel.remove(PEER);
        if (peer == null) {
            throw new IllegalArgumentException(series + ": no run of the peer (" + PEER + ") to compare with");
        }
        double peerCpu = median(peer.stream().mapToDouble(Measured::cpuPerUnit).toArray());
        double peerP99 = median(peer.stream().mapToDouble(Measured::p99).toArray());
        List<Bar> bars = new ArrayList<>();
        byLabel.forEach((label, runs) -> bars.add(new Bar(series, label,
                median(runs.stream().mapToDouble(Measured::cpuPerUnit).toArray()) / peerCpu,
                median(runs.stream().mapToDouble(Measured::p99).toArray()) / peerP99, runs.size())));
        return bars;
    }

    /** One load.js result line: a storm counts per handshake, the rate scenarios per message received. */
    static Measured measured(String line) {
        String label = text(line, "label");
        String scenario = text(line, "scenario");
        if (scenario.equals("storm")) {
            return new Measured(label, number(line, "srvCpuS") / number(line, "connected"),
                    number(after(line, "\"handshakeMs\""), "p99"));
        }
        return new Measured(label, number(line, "srvCpuS") / number(line, "received"),
                number(after(line, "\"latencyMs\""), "p99"));
    }

    private static String after(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0) {
            throw new IllegalArgumentException("no " + key + " in " + line);
        }
        return line.substring(at);
    }

    private static String text(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no \"" + name + "\" in " + json);
        }
        return m.group(1);
    }

    private static double number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9.eE+-]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no number \"" + name + "\" in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    static String svg(List<Bar> bars) {
        int height = 70 + bars.size() * 2 * ROW + 30;
        int width = LEFT + BAR_WIDTH + 90;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">jobs-gateway / NestJS + socket.io,"
                + " same machine, same load (median of repeats; lower is better)</text>\n");
        s.append("<text x=\"10\" y=\"38\" fill=\"#555\">dark: server CPU per unit of work (target 0.5×);"
                + " light: latency p99 (target 1×)</text>\n");
        int y = 60;
        for (double mark : new double[] {0.5, 1, 2, 4, 6, 8}) {
            double x = LEFT + BAR_WIDTH * mark / MAX_RATIO;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>%n",
                    x, y - 8, x, height - 25, mark == 1 ? "#000" : "#bbb", mark == 0.5 ? " stroke-dasharray=\"4 3\"" : ""));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s×</text>%n",
                    x, height - 10, mark == 0.5 ? "0.5" : String.valueOf((int) mark)));
        }
        for (Bar bar : bars) {
            String name = bar.series() + ", " + SYSTEMS.getOrDefault(bar.label(), bar.label()) + " (n=" + bar.runs() + ")";
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 8, y + ROW - 6, escape(name)));
            y = bar(s, y, bar.cpuRatio(), "#2b5d8a");
            y = bar(s, y, bar.p99Ratio(), "#9cc3e4");
        }
        return s.append("</svg>\n").toString();
    }

    private static int bar(StringBuilder s, int y, double ratio, String colour) {
        double length = BAR_WIDTH * Math.min(ratio, MAX_RATIO) / MAX_RATIO;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                LEFT, y + 2, length, ROW - 6, colour));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×%s</text>%n",
                LEFT + length + 4, y + ROW - 8, ratio, ratio > MAX_RATIO ? " (off the scale)" : ""));
        return y + ROW;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
