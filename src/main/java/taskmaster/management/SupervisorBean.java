package taskmaster.management;

import java.nio.file.Path;
import java.util.List;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.LogData;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessNames;
import taskmaster.mbeans.ProgramInfo;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.ResourceInfo;
import taskmaster.mbeans.Result;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.mbeans.SupervisorState;
import taskmaster.resources.ProcessUsage;

/** {@code taskmaster:type=Supervisor}. */
final class SupervisorBean implements SupervisorMXBean {

    private final Ops ops;
    private final Control control;
    private final String version;
    private final long startTime;
    private final String configFile;

    /** @param configFile the main configuration file, which a reload reads again: fixed for the daemon's life */
    SupervisorBean(Ops ops, Control control, String version, long startTime, Path configFile) {
        this.ops = ops;
        this.control = control;
        this.version = version;
        this.startTime = startTime;
        // known from the start: taskmasterctl asks for it first, maybe before the first configuration is applied
        this.configFile = configFile.toAbsolutePath().normalize().toString();
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public long getPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public SupervisorState getState() {
        return control.state();
    }

    @Override
    public String getConfigFile() {
        return configFile;
    }

    @Override
    public long getStartTime() {
        return startTime;
    }

    @Override
    public List<ProgramInfo> getPrograms() {
        return ops.engine().configuration().programs().stream()
                .map(p -> ProgramBean.info(ops, p))
                .toList();
    }

    @Override
    public List<ProcessInfo> getProcesses() {
        List<ProcessSnapshot> all = ops.engine().processes();
        return all.stream().map(ops::info).toList();
    }

    /** What every process costs, summed over their last samples. */
    private ProcessUsage total() {
        return Costs.total(
                "all",
                ops.engine().processes().stream().map(p -> ops.usage(p.name())).toList());
    }

    @Override
    public double getCpuUserSeconds() {
        return total().cpuUserSeconds();
    }

    @Override
    public double getCpuSystemSeconds() {
        return total().cpuSystemSeconds();
    }

    @Override
    public double getCpuPercent() {
        return total().cpuPercent();
    }

    @Override
    public long getMemoryRss() {
        return total().rssBytes();
    }

    @Override
    public long getMemoryPss() {
        return total().pssBytes();
    }

    @Override
    public int getThreads() {
        return total().threads();
    }

    @Override
    public int getOpenFiles() {
        return total().openFiles();
    }

    @Override
    public long getIoReadBytes() {
        return total().readBytes();
    }

    @Override
    public long getIoWriteBytes() {
        return total().writeBytes();
    }

    @Override
    public int getProcessCount() {
        return total().processes();
    }

    @Override
    public long getStdoutBytes() {
        return total().stdoutBytes();
    }

    @Override
    public long getStderrBytes() {
        return total().stderrBytes();
    }

    @Override
    public double getDaemonCpuSeconds() {
        return Costs.cpuSeconds(ops.usages().daemon());
    }

    @Override
    public double getDaemonCpuPercent() {
        return ops.usages().daemon().cpuPercent();
    }

    @Override
    public long getDaemonMemoryRss() {
        return ops.usages().daemon().rssBytes();
    }

    @Override
    public int getDaemonThreads() {
        return ops.usages().daemon().threads();
    }

    @Override
    public int getDaemonOpenFiles() {
        return ops.usages().daemon().openFiles();
    }

    @Override
    public int getSampleInterval() {
        return ops.usages().sampleInterval();
    }

    @Override
    public List<ResourceInfo> getResources() {
        return ops.engine().processes().stream()
                .map(p -> Costs.row(p.program(), ops.usage(p.name())))
                .toList();
    }

    @Override
    public List<Result> start(String names) {
        return ops.start(names);
    }

    @Override
    public List<Result> stop(String names) {
        return ops.stop(names);
    }

    @Override
    public List<Result> stopWithDependents(String names) {
        return ops.stopWithDependents(names);
    }

    @Override
    public List<Result> restart(String names) {
        return ops.restart(names);
    }

    @Override
    public List<Result> restartRolling(String names) {
        return ops.restartRolling(names);
    }

    @Override
    public List<Result> forget(String names) {
        return control.forget(names);
    }

    @Override
    public List<Result> signal(String names, String signal) {
        return ops.signal(names, signal);
    }

    @Override
    public ReloadResult reread() {
        return control.reread();
    }

    @Override
    public ReloadResult reload() {
        return control.reload();
    }

    @Override
    public ReloadResult update(String names) {
        java.util.Set<String> set = new java.util.LinkedHashSet<>(ProcessNames.split(names));
        return set.isEmpty() || set.contains(ProcessNames.ALL) ? control.reload() : control.update(set);
    }

    @Override
    public ReloadResult addProcessGroup(String name) {
        return control.addGroup(groupName(name));
    }

    @Override
    public ReloadResult removeProcessGroup(String name) {
        return control.removeGroup(groupName(name));
    }

    /** One group name: a blank one or a list is a bad argument, not a group that does not exist. */
    private static String groupName(String name) {
        List<String> names = ProcessNames.split(name);
        if (names.size() != 1) {
            throw new IllegalArgumentException(taskmaster.mbeans.Fault.BAD_ARGUMENTS + ": '" + name
                    + "': one group name expected (a group, or a program in no [group:x] section)");
        }
        return names.getFirst();
    }

    @Override
    public List<Result> rotate(String names) {
        return ops.rotate(names);
    }

    @Override
    public List<Result> clearLogs(String names) {
        return ops.clearLogs(names);
    }

    @Override
    public LogData readLog(long offset, int length) {
        return Logs.readFile(ops.engine().configuration().daemon().logfile(), offset, length);
    }

    @Override
    public void shutdown() {
        control.shutdown();
    }
}
