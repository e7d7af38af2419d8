package io.asyncio4j.tools;

import io.asyncio4j.Asyncio;

import java.lang.management.ManagementFactory;

/**
 * A child JVM for TaskDumpTest: runs a loop for 0.5 s (real time; registration takes milliseconds), then prints
 * how many io.asyncio4j MBeans its JVM has: 1 by default, 0 with -Dasyncio4j.jmx=false.
 */
public final class MBeanCountTarget {
    private MBeanCountTarget() {
    }

    public static void main(String[] args) throws Exception {
        int count = Asyncio.run(() -> Asyncio.sleep(0.5).thenApply(x -> {
            try {
                return ManagementFactory.getPlatformMBeanServer()
                        .queryNames(new javax.management.ObjectName("io.asyncio4j:*"), null).size();
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        }));
        System.out.println("MBEANS=" + count);
    }
}
