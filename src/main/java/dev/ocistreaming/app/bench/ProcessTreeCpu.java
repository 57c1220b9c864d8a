package dev.ocistreaming.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of a process and everything it started, from Linux's {@code /proc/<pid>/stat}: its own user and system
 * time, that of its children that ended and were waited for (a PostgreSQL backend after its connection closed), and
 * that of its live descendants. On a shared machine this is steadier than wall-clock time, and it shows the cost of
 * another process (the database) that {@link Cpu} cannot see.
 */
final class ProcessTreeCpu {

    /** Linux reports these times in clock ticks of 1/100 s ({@code getconf CLK_TCK} on every common kernel). */
    private static final long NANOS_PER_TICK = TimeUnit.SECONDS.toNanos(1) / 100;

    private ProcessTreeCpu() {}

    /** @return the CPU nanoseconds of the process tree, or -1 where {@code /proc} cannot tell (not Linux) */
    static long nanos(long pid) {
        long[] root = ticks(pid);
        if (root == null) {
            return -1;
        }
        // utime + stime + cutime + cstime of the root: itself and its children that ended
        long total = root[0] + root[1] + root[2] + root[3];
        for (ProcessHandle live :
                ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
            long[] t = ticks(live.pid());
            if (t != null) {
                total += t[0] + t[1];
            }
        }
        return total * NANOS_PER_TICK;
    }

    /** utime, stime, cutime, cstime (fields 14 to 17 of {@code /proc/<pid>/stat}), or null if unreadable. */
    private static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) is in parentheses and may hold spaces: count fields after its end
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state), so field n is fields[n - 3]
            return new long[] {
                Long.parseLong(fields[11]),
                Long.parseLong(fields[12]),
                Long.parseLong(fields[13]),
                Long.parseLong(fields[14])
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
