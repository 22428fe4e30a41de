package io.jobsgateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs-gateway benchmark (issue 5): starts the gateway as a user does, drives it with real
 * WebSocket (or Server-Sent Events) clients and HTTP publishers over loopback through the public
 * protocol only, and reports each scenario as a table and a JSON line, on stdout and under
 * {@code target/bench/}. See {@code src/bench/README.md}.
 *
 * <pre>mvn -B -Pbench verify -Dbench.scenario=fanout|jobs|storm|idle|cluster|slow|all|scale</pre>
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        Config global = new Config();
        String which = global.string("scenario", "all");
        Path projectDir = global.projectDir();
        Path out = Files.createDirectories(projectDir.resolve(global.string("outputDir", "target/bench")));
        List<String> scenarios = which.equals("all") ? Scenarios.ALL : List.of(which.split(","));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Build.chooseServer(global);
        Build.copy(projectDir);
        Map<String, Object> machine = machine(global, projectDir, scenarios);
        System.out.println(machineText(machine));
        boolean failed = false;
        for (String scenario : scenarios) {
            scenario = scenario.trim();
            Config config = new Config();
            String loadBefore = Proc.loadAverage();
            System.out.println("bench: " + scenario + " starting; load average " + loadBefore);
            List<Report> reports;
            try {
                reports = Scenarios.run(scenario, config, out.resolve(stamp + "-" + scenario));
            } catch (Exception e) {
                failed = true;
                System.out.println("bench: " + scenario + " FAILED: " + e);
                e.printStackTrace(System.out);
                Report report = new Report(scenario).title("failed").put("error", e.toString());
                report.invalid("the scenario failed: " + e.getMessage());
                reports = List.of(report);
            }
            String loadAfter = Proc.loadAverage();
            for (Report report : reports) {
                // a scenario with a transport setting of its own (scale.transport) says which it ran
                String transport = report.get("transport") instanceof String own ? own
                        : config.string("transport", "websocket");
                report.row("transport", transport.equals("sse") ? "Server-Sent Events (GET /api/stream)"
                        : transport.equals("websocket") ? "WebSocket (/jobs)" : transport);
                report.put("transport", transport);
                report.row("server", Build.server());
                report.row("machine", machine.get("cores") + " cores, load average " + loadBefore + " before, "
                        + loadAfter + " after");
                report.put("machine", machine);
                report.put("loadBefore", loadBefore);
                report.put("loadAfter", loadAfter);
                report.put("parameters", config.used());
                report.put("startedAt", stamp);
                String table = report.table();
                String json = report.jsonLine();
                System.out.println();
                System.out.print(table);
                System.out.println("JSON " + json);
                System.out.println();
                String name = stamp + "-" + report.scenario;
                Files.createDirectories(out); // again: a `mvn clean` during the run may have removed it
                Files.writeString(out.resolve(name + ".txt"), machineText(machine) + "\n" + table, StandardCharsets.UTF_8);
                Files.writeString(out.resolve(name + ".json"), json + "\n", StandardCharsets.UTF_8);
                Files.writeString(out.resolve("results.jsonl"), json + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        System.out.println("bench: results in " + out + " (" + stamp + "-*.txt, *.json, results.jsonl)");
        System.exit(failed ? 1 : 0);
    }

    private static Map<String, Object> machine(Config config, Path projectDir, List<String> scenarios) throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Proc.cores());
        machine.put("cpu", Proc.cpuModel());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("javaHome", System.getProperty("java.home"));
        machine.put("clockTicksPerSecond", Proc.TICKS_PER_SECOND);
        Path options = projectDir.resolve(config.string("serverJvm", "server-config/jvm.options"));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(options, StandardCharsets.UTF_8)) {
            String text = line.replaceFirst("#.*", "").trim();
            if (!text.isEmpty()) {
                lines.add(text);
            }
        }
        machine.put("serverJvmFile", projectDir.relativize(options).toString());
        machine.put("serverJvmOptions", String.join(" ", lines));
        machine.put("generatorJvm", String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments().stream().filter(a -> !a.startsWith("-Dbench.")).toList()));
        machine.put("build", Build.description());
        machine.put("server", Build.server());
        machine.put("client", config.string("client", "nio") + " (" + config.integer("clientThreads", 1) + " thread(s))");
        String transport = config.string("transport", "websocket");
        // scale has a transport setting of its own; each report's transport row says which ran
        machine.put("transport", scenarios.equals(List.of("scale")) ? config.string("scale.transport", transport) : transport);
        return machine;
    }

    private static String machineText(Map<String, Object> machine) {
        return "machine   : " + machine.get("cores") + " cores (nproc), " + machine.get("cpu") + "\n"
                + "JDK       : " + machine.get("jdk") + " (" + machine.get("javaHome") + "), for server and generator\n"
                + "server JVM: " + machine.get("serverJvmOptions") + "   (from " + machine.get("serverJvmFile") + ")\n"
                + "build     : " + machine.get("build") + "\n"
                + "server    : " + machine.get("server") + "\n"
                + "generator : JVM " + machine.get("generatorJvm") + "; client " + machine.get("client") + " over "
                + machine.get("transport") + "\n";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Bench() {
    }
}
