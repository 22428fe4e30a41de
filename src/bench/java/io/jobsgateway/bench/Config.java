package io.jobsgateway.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code -Dbench.*} settings of a run. Each read records the value used, so that the report
 * shows every parameter of the run, defaults included.
 */
final class Config {

    private final Map<String, String> used = new LinkedHashMap<>();

    String string(String name, String defaultValue) {
        String value = System.getProperty("bench." + name);
        if (value == null || value.isBlank()) {
            value = defaultValue;
        }
        used.put(name, value);
        return value;
    }

    int integer(String name, int defaultValue) {
        String value = string(name, Integer.toString(defaultValue));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dbench." + name + " must be a whole number, not '" + value + "'");
        }
    }

    double decimal(String name, double defaultValue) {
        String value = string(name, Double.toString(defaultValue));
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dbench." + name + " must be a number, not '" + value + "'");
        }
    }

    boolean flag(String name, boolean defaultValue) {
        return Boolean.parseBoolean(string(name, Boolean.toString(defaultValue)).trim());
    }

    Path projectDir() {
        return Path.of(string("launcher.projectDir", ".")).toAbsolutePath().normalize();
    }

    /** The settings read so far, in the order they were first read. */
    Map<String, String> used() {
        return new LinkedHashMap<>(used);
    }
}
