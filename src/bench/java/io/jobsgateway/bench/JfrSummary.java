package io.jobsgateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a gateway node spent its CPU during the measured window, from the JFR recording the
 * benchmark took ({@code -Dbench.jfr=true}): {@code jfr print --events jdk.ExecutionSample},
 * summed by top frame (self time), by method anywhere in the stack (total time), and by the
 * first frame of the gateway's own code ({@code io.jobsgateway}).
 */
final class JfrSummary {

    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> firstOwn = new HashMap<>();
    private int samples;

    /** Summarises a recording again: {@code java -cp target/bench-classes io.jobsgateway.bench.JfrSummary file.jfr}. */
    public static void main(String[] args) throws IOException {
        Path recording = Path.of(args[0]);
        Path text = Path.of(args[0].replaceFirst("\\.jfr$", "") + "-profile.txt");
        summarise(recording, text).forEach(System.out::println);
        System.out.println("(all of it in " + text + ")");
    }

    /** Summarises {@code recording} into {@code text}; answers the lines worth showing in the report. */
    static List<String> summarise(Path recording, Path text) throws IOException {
        JfrSummary summary = new JfrSummary();
        Process jfr = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
                "--events", "jdk.ExecutionSample", "--stack-depth", "64", recording.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jfr.getInputStream(), StandardCharsets.UTF_8))) {
            summary.read(lines);
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(text, StandardCharsets.UTF_8))) {
            out.println("JFR execution samples of " + recording + ": " + summary.samples);
            out.println("\n== top frames (self) ==");
            summary.print(out, summary.self, 40);
            out.println("\n== methods anywhere in the stack (total) ==");
            summary.print(out, summary.total, 60);
            out.println("\n== first io.jobsgateway frame ==");
            summary.print(out, summary.firstOwn, 30);
        }
        List<String> shown = new ArrayList<>();
        shown.add(summary.samples + " samples; top frames (self):");
        for (Map.Entry<String, Integer> entry : sorted(summary.self, 8)) {
            shown.add(String.format(Locale.ROOT, "  %5.1f %%  %s", 100.0 * entry.getValue() / Math.max(1, summary.samples),
                    entry.getKey()));
        }
        shown.add("first io.jobsgateway frame:");
        for (Map.Entry<String, Integer> entry : sorted(summary.firstOwn, 5)) {
            shown.add(String.format(Locale.ROOT, "  %5.1f %%  %s", 100.0 * entry.getValue() / Math.max(1, summary.samples),
                    entry.getKey()));
        }
        return shown;
    }

    private void read(BufferedReader lines) throws IOException {
        String line;
        boolean inStack = false;
        List<String> stack = new ArrayList<>();
        while ((line = lines.readLine()) != null) {
            String trimmed = line.trim();
            if (trimmed.startsWith("stackTrace = [")) {
                inStack = true;
                stack.clear();
            } else if (inStack && trimmed.startsWith("]")) {
                inStack = false;
                sample(stack);
            } else if (inStack && !trimmed.equals("...")) {
                int at = trimmed.indexOf(" line:");
                stack.add(at > 0 ? trimmed.substring(0, at).trim() : trimmed);
            }
        }
    }

    private void sample(List<String> stack) {
        if (stack.isEmpty()) {
            return;
        }
        samples++;
        self.merge(stack.get(0), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (String frame : stack) {
            if (seen.add(frame)) {
                total.merge(frame, 1, Integer::sum);
            }
        }
        for (String frame : stack) {
            if (frame.startsWith("io.jobsgateway.")) {
                firstOwn.merge(frame, 1, Integer::sum);
                break;
            }
        }
    }

    private void print(PrintWriter out, Map<String, Integer> counts, int limit) {
        for (Map.Entry<String, Integer> entry : sorted(counts, limit)) {
            out.printf(Locale.ROOT, "%6d  %5.1f %%  %s%n", entry.getValue(), 100.0 * entry.getValue() / Math.max(1, samples),
                    entry.getKey());
        }
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> counts, int limit) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        return entries.subList(0, Math.min(limit, entries.size()));
    }
}
