package io.jobsgateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One scenario's result, built once and shown twice: as a table for people and as one JSON
 * line for programs. Each {@link #row} is a line of the table; each {@link #put} a JSON field.
 */
final class Report {

    final String scenario;
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String title;

    Report(String scenario) {
        this.scenario = scenario;
        json.put("scenario", scenario);
    }

    Report title(String text) {
        this.title = text;
        return this;
    }

    Report row(String label, String value) {
        rows.add(new String[] {label, value});
        return this;
    }

    Report put(String key, Object value) {
        json.put(key, value);
        return this;
    }

    Object get(String key) {
        return json.get(key);
    }

    /** A free-form line printed under the table. */
    Report note(String text) {
        notes.add(text);
        return this;
    }

    /** Makes the run INVALID, saying why. */
    Report invalid(String why) {
        problems.add(why);
        return this;
    }

    boolean valid() {
        return problems.isEmpty();
    }

    String table() {
        StringBuilder out = new StringBuilder();
        String heading = "== " + scenario + (title == null ? "" : ": " + title) + " ==";
        out.append(heading).append('\n');
        int width = 0;
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        for (String[] row : rows) {
            String label = row[0] + " ".repeat(width - row[0].length());
            String[] lines = row[1].split("\n");
            out.append("  ").append(label).append(" | ").append(lines[0]).append('\n');
            for (int i = 1; i < lines.length; i++) {
                out.append("  ").append(" ".repeat(width)).append(" | ").append(lines[i]).append('\n');
            }
        }
        out.append("  ").append(valid() ? "VALID" : "INVALID: " + String.join("; ", problems)).append('\n');
        for (String note : notes) {
            out.append("  ").append(note).append('\n');
        }
        return out.toString();
    }

    String jsonLine() {
        Map<String, Object> all = new LinkedHashMap<>(json);
        all.put("valid", valid());
        all.put("invalidBecause", problems);
        return toJson(all);
    }

    static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, entry.getKey().toString());
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                out.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                out.append((long) d);
            } else {
                out.append(java.math.BigDecimal.valueOf(d).round(new java.math.MathContext(6))
                        .stripTrailingZeros().toPlainString());
            }
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- formatting helpers for the table

    static String ms(long micros) {
        return micros < 10_000 ? String.format(Locale.ROOT, "%.2f ms", micros / 1000.0)
                : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    static String num(double value) {
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    static String kb(double bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    /** A latency histogram as JSON, in milliseconds. */
    static Map<String, Object> latencyJson(Histogram h) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", h.count());
        json.put("p50Ms", h.percentile(0.50) / 1000.0);
        json.put("p90Ms", h.percentile(0.90) / 1000.0);
        json.put("p99Ms", h.percentile(0.99) / 1000.0);
        json.put("p999Ms", h.percentile(0.999) / 1000.0);
        json.put("maxMs", h.max() / 1000.0);
        json.put("meanMs", h.mean() / 1000.0);
        return json;
    }

    static String latencyText(Histogram h) {
        if (h.count() == 0) {
            return "none";
        }
        return "p50 " + ms(h.percentile(0.50)) + "  p99 " + ms(h.percentile(0.99)) + "  p99.9 "
                + ms(h.percentile(0.999)) + "  max " + ms(h.max()) + "  (n=" + num(h.count()) + ")";
    }
}
