package io.jobsgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The open-files limit (RLIMIT_NOFILE) of a running process, raised when it is too low for what
 * a scenario will open: every connection is a socket in the generator and another in the server.
 * A JVM raises its soft limit to the hard one as it starts (-XX:+MaxFDLimit, on by default), so
 * what matters is the hard limit, which only root with CAP_SYS_RESOURCE may raise; it is raised
 * with {@code prlimit --pid P --nofile=N:H} on the process itself once it runs, the generator's
 * before it opens anything and each server's right after it started, so that a user runs nothing
 * but the mvn command. If it cannot be raised, the scenario fails with one line that says why.
 */
final class OpenFiles {

    private OpenFiles() {
    }

    /** {soft, hard} of {@code pid}, from {@code /proc/<pid>/limits} (-1 for unlimited); null if unreadable. */
    static long[] limits(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return new long[] {value(fields[0]), value(fields[1])};
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // unreadable: answered as null
        }
        return null;
    }

    /** "soft 20000, hard 20000" of {@code pid}. */
    static String describe(long pid) {
        long[] now = limits(pid);
        return now == null ? "unknown" : "soft " + text(now[0]) + ", hard " + text(now[1]);
    }

    /**
     * Makes sure {@code pid} ({@code who}, for the message) may open {@code needed} files: raises
     * its soft limit to {@code needed} and its hard limit with it where it is lower, or fails.
     */
    static void atLeast(long pid, long needed, String who) {
        long[] now = limits(pid);
        if (now == null) {
            throw new IllegalStateException("cannot read the open-files limit of the " + who + " (/proc/" + pid + "/limits)");
        }
        if (fits(now[0], needed)) {
            return;
        }
        long nrOpen = nrOpen();
        if (nrOpen > 0 && needed > nrOpen) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the %s needs %d open files, above the kernel's"
                    + " fs.nr_open (%d): raise it (sysctl -w fs.nr_open=%d) or run fewer connections", who, needed, nrOpen,
                    needed));
        }
        long hard = fits(now[1], needed) ? now[1] : needed;
        String limit = needed + ":" + (hard < 0 ? "unlimited" : hard);
        String command = "prlimit --pid " + pid + " --nofile=" + limit;
        String output = Proc.run(List.of("prlimit", "--pid", Long.toString(pid), "--nofile=" + limit)).trim();
        long[] after = limits(pid);
        if (after == null || !fits(after[0], needed)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the %s (pid %d) needs %d open files, its limit"
                    + " is soft %s, hard %s, and `%s` failed: %s; raising a hard limit needs root with CAP_SYS_RESOURCE"
                    + " (in a container: --ulimit nofile=%d:%d or --cap-add SYS_RESOURCE), or run fewer connections",
                    who, pid, needed, text(now[0]), text(now[1]), command,
                    output.isEmpty() ? "no output (is prlimit, of util-linux, installed?)" : output.replace('\n', ' '), needed, needed));
        }
        System.out.println("bench: raised the open-files limit of the " + who + " (pid " + pid + ") to "
                + describe(pid) + " for " + needed);
    }

    private static boolean fits(long limit, long needed) {
        return limit < 0 || limit >= needed;
    }

    private static long value(String field) {
        return field.equals("unlimited") ? -1 : Long.parseLong(field);
    }

    private static String text(long limit) {
        return limit < 0 ? "unlimited" : Long.toString(limit);
    }

    private static long nrOpen() {
        try {
            // by lines: Files.readString answered "1" for this file (JDK 17; a /proc/sys file's size is 0)
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/nr_open")).get(0).trim());
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
