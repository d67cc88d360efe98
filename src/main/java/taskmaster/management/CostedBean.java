package taskmaster.management;

import taskmaster.resources.ProcessUsage;

/**
 * The resource attributes the Process, Program and Supervisor beans share, read from one set of
 * figures: a process's own last sample, or a sum of them. Each bean's MXBean interface declares
 * the attributes with a description of its own; how each is read is written once, here.
 */
abstract class CostedBean {

    /** The figures the attributes are read from, taken again on every read. */
    abstract ProcessUsage figures();

    public double getCpuUserSeconds() {
        return figures().cpuUserSeconds();
    }

    public double getCpuSystemSeconds() {
        return figures().cpuSystemSeconds();
    }

    public double getCpuPercent() {
        return figures().cpuPercent();
    }

    public long getMemoryRss() {
        return figures().rssBytes();
    }

    public long getMemoryPss() {
        return figures().pssBytes();
    }

    public int getThreads() {
        return figures().threads();
    }

    public int getOpenFiles() {
        return figures().openFiles();
    }

    public long getIoReadBytes() {
        return figures().readBytes();
    }

    public long getIoWriteBytes() {
        return figures().writeBytes();
    }

    public int getProcessCount() {
        return figures().processes();
    }

    public long getStdoutBytes() {
        return figures().stdoutBytes();
    }

    public long getStderrBytes() {
        return figures().stderrBytes();
    }
}
