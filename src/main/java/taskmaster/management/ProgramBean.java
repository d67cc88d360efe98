package taskmaster.management;

import java.util.List;
import java.util.Optional;
import taskmaster.mbeans.Fault;
import taskmaster.mbeans.ProcessInfo;
import taskmaster.mbeans.ProcessState;
import taskmaster.mbeans.ProgramInfo;
import taskmaster.mbeans.ProgramMXBean;
import taskmaster.mbeans.Result;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.resources.ProcessUsage;

/** {@code taskmaster:type=Program,name=P}: reads the configuration in force and the engine's snapshots. */
final class ProgramBean implements ProgramMXBean {

    private final Ops ops;
    private final Control control;
    private final String name;

    ProgramBean(Ops ops, Control control, String name) {
        this.ops = ops;
        this.control = control;
        this.name = name;
    }

    private ProgramSpec spec() {
        return Optional.ofNullable(ops.engine().configuration().programsByName().get(name))
                .orElseThrow(() -> Ops.failure(Fault.BAD_NAME, name, "no such program (removed by a reload)"));
    }

    private ProcessSpec template() {
        return spec().template();
    }

    static ProgramInfo info(Ops ops, ProgramSpec spec) {
        List<ProcessInfo> procs = processes(ops, spec);
        ProcessSpec t = spec.template();
        return new ProgramInfo(
                spec.name(),
                spec.group(),
                t.command(),
                spec.numprocs(),
                (int) procs.stream()
                        .filter(p -> p.state() == ProcessState.RUNNING)
                        .count(),
                Texts.aggregate(procs.stream().map(ProcessInfo::state).toList()),
                spec.priority(),
                t.autostart(),
                t.autorestart().name().toLowerCase(java.util.Locale.ROOT),
                List.copyOf(new java.util.TreeSet<>(t.exitCodes())),
                t.startSeconds(),
                t.startRetries(),
                t.stopSignal().name(),
                t.stopSeconds(),
                t.workingDir() == null ? "" : t.workingDir().toString(),
                t.user() == null ? "" : t.user().name(),
                spec.fileNumprocs());
    }

    static List<ProcessInfo> processes(Ops ops, ProgramSpec spec) {
        return spec.processes().stream()
                .map(p -> ops.engine()
                        .process(p.name())
                        .map(ops::info)
                        .orElse(ProcessInfo.notStarted(p.name(), p.program(), p.group(), p.autostart())))
                .toList();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public ProcessState getState() {
        return info(ops, spec()).state();
    }

    @Override
    public String getCommand() {
        return template().command();
    }

    @Override
    public int getNumProcs() {
        return spec().numprocs();
    }

    @Override
    public int getFileNumProcs() {
        return spec().fileNumprocs();
    }

    @Override
    public List<Result> scale(int numprocs) {
        return control.scale(spec().name(), numprocs);
    }

    @Override
    public int getRunning() {
        return info(ops, spec()).running();
    }

    @Override
    public List<ProcessInfo> getProcesses() {
        return processes(ops, spec());
    }

    @Override
    public String getGroup() {
        return spec().group();
    }

    @Override
    public int getPriority() {
        return spec().priority();
    }

    @Override
    public boolean isAutostart() {
        return template().autostart();
    }

    @Override
    public String getAutorestart() {
        return info(ops, spec()).autorestart();
    }

    @Override
    public List<Integer> getExitCodes() {
        return info(ops, spec()).exitCodes();
    }

    @Override
    public int getStartSeconds() {
        return template().startSeconds();
    }

    @Override
    public int getStartRetries() {
        return template().startRetries();
    }

    @Override
    public String getStopSignal() {
        return template().stopSignal().name();
    }

    @Override
    public int getStopSeconds() {
        return template().stopSeconds();
    }

    @Override
    public String getWorkingDir() {
        return info(ops, spec()).workingDir();
    }

    @Override
    public String getUser() {
        return info(ops, spec()).user();
    }

    /** What its processes cost, summed over their last samples. */
    private ProcessUsage total() {
        return Costs.total(
                name, spec().processes().stream().map(p -> ops.usage(p.name())).toList());
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

    /** supervisorctl's {@code name:*}: exactly this program's processes, even when a group shares its name. */
    private String selector() {
        return spec().processes().stream()
                .map(ProcessSpec::name)
                .reduce((a, b) -> a + "," + b)
                .orElse(name);
    }

    @Override
    public List<Result> start() {
        return ops.start(selector());
    }

    @Override
    public List<Result> stop() {
        return ops.stop(selector());
    }

    @Override
    public List<Result> restart() {
        return ops.restart(selector());
    }

    @Override
    public List<Result> signal(String signal) {
        return ops.signal(selector(), signal);
    }
}
