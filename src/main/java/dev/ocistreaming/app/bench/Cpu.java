package dev.ocistreaming.app.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM: steadier than wall-clock time on a shared machine. */
final class Cpu {

    private Cpu() {}

    static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
