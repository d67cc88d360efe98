package taskmaster.engine;

/**
 * What one resource sample found of a running process's whole group: what the engine needs to
 * hold it to its usage limits ({@code memory_limit}, {@code cpu_limit}). The sampling itself is
 * outside the engine; a sample of an earlier spawn (another pid) is ignored.
 *
 * @param process    the process name
 * @param pid        the pid the sample was taken of
 * @param rssBytes   the RSS of the process and everything it forked
 * @param cpuPercent their CPU over the last sampling interval, in percent of one core; negative: not known yet
 */
public record UsageSample(String process, long pid, long rssBytes, double cpuPercent) {}
