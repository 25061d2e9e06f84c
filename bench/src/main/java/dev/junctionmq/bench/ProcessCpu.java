package dev.junctionmq.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** CPU time the benchmark process has used so far, all threads together. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /** @return user + system CPU nanoseconds of this process, or -1 if the JVM does not report it */
    public static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean extended) {
            return extended.getProcessCpuTime();
        }
        return -1;
    }
}
