package taskmaster.management;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import taskmaster.engine.ProcessSnapshot;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.HealthFlags;
import taskmaster.mbeans.LogData;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessMXBean;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.Result;
import taskmaster.mbeans.WantedSource;
import taskmaster.output.LogStream;
import taskmaster.resources.ProcessUsage;

/** {@code taskmaster:type=Process,program=P,name=N}: reads the engine's snapshot on each call. */
final class ProcessBean implements ProcessMXBean {

    private final Ops ops;
    private final String name;
    private final String program;
    private final String group;
    /** The process as the engine last published it, empty when it knows none of that name. */
    private final Supplier<Optional<ProcessInfo>> source;

    ProcessBean(Ops ops, String name, String program, String group) {
        this(ops, name, program, group, () -> ops.engine().process(name).map(ops::info));
    }

    /** With the process read from {@code source}: the attributes of a hand-made snapshot, for tests. */
    ProcessBean(Ops ops, String name, String program, String group, Supplier<Optional<ProcessInfo>> source) {
        this.ops = ops;
        this.name = name;
        this.program = program;
        this.group = group;
        this.source = source;
    }

    private ProcessInfo info() {
        return source.get().orElse(ProcessInfo.notStarted(name, program, group, false));
    }

    /** What the process costs as last sampled: zeros but its output counts when it does not run. */
    private ProcessUsage usage() {
        return Costs.current(ops.usages().of(name), info().pid());
    }

    private ProcessSnapshot snapshot() {
        return ops.engine().process(name).orElseThrow(() -> Ops.failure(Fault.BAD_NAME, name, "no such process"));
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getProgram() {
        return program;
    }

    @Override
    public String getGroup() {
        return group;
    }

    @Override
    public ProcessState getState() {
        return info().state();
    }

    @Override
    public taskmaster.mbeans.StateFlags getStateFlags() {
        return taskmaster.mbeans.StateFlags.of(info().state());
    }

    @Override
    public long getPid() {
        return info().pid();
    }

    @Override
    public String getDescription() {
        return info().description();
    }

    @Override
    public long getStartTime() {
        return info().startTime();
    }

    @Override
    public long getUptime() {
        return ops.engine()
                .process(name)
                .map(s -> s.uptime(ops.engine().loop().now()))
                .orElse(0L);
    }

    @Override
    public int getExitStatus() {
        return info().exitStatus();
    }

    @Override
    public int getRestarts() {
        return info().restarts();
    }

    @Override
    public String getSpawnError() {
        return info().spawnError();
    }

    @Override
    public boolean isWanted() {
        return info().wanted();
    }

    @Override
    public WantedSource getWantedSource() {
        return info().wantedSource();
    }

    @Override
    public Health getHealth() {
        return info().health();
    }

    @Override
    public HealthFlags getHealthFlags() {
        return HealthFlags.of(info().health());
    }

    @Override
    public long getHealthCheckedAt() {
        return info().healthCheckedAt();
    }

    @Override
    public boolean isHealthOk() {
        return info().healthOk();
    }

    @Override
    public String getHealthMessage() {
        return info().healthMessage();
    }

    @Override
    public int getHealthFailures() {
        return info().healthFailures();
    }

    @Override
    public String getWaitingFor() {
        return info().waitingFor();
    }

    @Override
    public String getStatusText() {
        return info().statusText();
    }

    @Override
    public double getCpuUserSeconds() {
        return usage().cpuUserSeconds();
    }

    @Override
    public double getCpuSystemSeconds() {
        return usage().cpuSystemSeconds();
    }

    @Override
    public double getCpuPercent() {
        return usage().cpuPercent();
    }

    @Override
    public long getMemoryRss() {
        return usage().rssBytes();
    }

    @Override
    public long getMemoryPss() {
        return usage().pssBytes();
    }

    @Override
    public int getThreads() {
        return usage().threads();
    }

    @Override
    public int getOpenFiles() {
        return usage().openFiles();
    }

    @Override
    public long getIoReadBytes() {
        return usage().readBytes();
    }

    @Override
    public long getIoWriteBytes() {
        return usage().writeBytes();
    }

    @Override
    public int getProcessCount() {
        return usage().processes();
    }

    @Override
    public long getStdoutBytes() {
        return usage().stdoutBytes();
    }

    @Override
    public long getStderrBytes() {
        return usage().stderrBytes();
    }

    @Override
    public long getSampledAt() {
        return usage().sampledAt();
    }

    @Override
    public Result start() {
        return ops.one(name, ops::start);
    }

    @Override
    public Result stop() {
        return ops.one(name, ops::stop);
    }

    @Override
    public Result restart() {
        return ops.one(name, ops::restart);
    }

    @Override
    public Result signal(String signal) {
        return ops.one(name, n -> ops.signal(n, signal));
    }

    @Override
    public LogData tailStdout(int bytes) {
        return ops.logs().tail(name, LogStream.STDOUT, bytes);
    }

    @Override
    public LogData tailStderr(int bytes) {
        return ops.logs().tail(name, LogStream.STDERR, bytes);
    }

    @Override
    public LogData readStdout(long offset, int length) {
        return ops.logs().read(name, LogStream.STDOUT, offset, length);
    }

    @Override
    public LogData readStderr(long offset, int length) {
        return ops.logs().read(name, LogStream.STDERR, offset, length);
    }

    @Override
    public Result clearLogs() {
        return ops.logs().clear(name);
    }

    @Override
    public Result rotateLogs() {
        return ops.logs().rotate(name);
    }

    @Override
    public int sendStdin(String text) {
        return ops.logs().sendStdin(name, text);
    }

    List<ProcessInfo> asList() {
        return List.of(info());
    }

    ProcessSnapshot current() {
        return snapshot();
    }
}
