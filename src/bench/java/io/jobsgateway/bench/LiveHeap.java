package io.jobsgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's live heap, in all and by class, from {@link Node#classHistogram}. Unlike
 * {@link Node#gcAndHeapUsed} (GC.heap_info a second after GC.run) it counts no garbage made
 * since the GC, so it holds while the server is busy too: under 20,000 deliveries a second that
 * second's garbage was hundreds of megabytes.
 */
final class LiveHeap {

    private static final Pattern CLASS_LINE = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL_LINE = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)");

    /** Live bytes in all; -1 when jcmd answered nothing readable. */
    final long totalBytes;
    private final Map<String, Long> bytesByClass;

    private LiveHeap(long totalBytes, Map<String, Long> bytesByClass) {
        this.totalBytes = totalBytes;
        this.bytesByClass = bytesByClass;
    }

    /** Takes the histogram and keeps its text in {@code file}, to see later what held the memory. */
    static LiveHeap of(Node node, Path file) {
        String text = node.classHistogram();
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("bench: cannot keep the class histogram in " + file + ": " + e);
        }
        return parse(text);
    }

    /** A histogram's text, read. */
    static LiveHeap parse(String text) {
        long total = -1;
        Map<String, Long> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher each = CLASS_LINE.matcher(line);
            Matcher all = TOTAL_LINE.matcher(line);
            if (each.find()) {
                byClass.merge(each.group(2), Long.parseLong(each.group(1)), Long::sum);
            } else if (all.find()) {
                total = Long.parseLong(all.group(1));
            }
        }
        return new LiveHeap(total, byClass);
    }

    /** The {@code n} classes that grew most since {@code before}, as "class +1.2 MB". */
    List<String> grownSince(LiveHeap before, int n) {
        List<Map.Entry<String, Long>> growth = new ArrayList<>();
        bytesByClass.forEach((type, bytes) -> growth.add(Map.entry(type, bytes - before.bytesByClass.getOrDefault(type, 0L))));
        growth.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<String> top = new ArrayList<>();
        for (Map.Entry<String, Long> entry : growth.subList(0, Math.min(n, growth.size()))) {
            top.add(String.format(Locale.ROOT, "%s %+.1f MB", entry.getKey(), entry.getValue() / 1048576.0));
        }
        return top;
    }
}
