package taskmaster.ctl;

import java.util.List;
import taskmaster.mbeans.Fault;

/**
 * {@code add NAME...} and {@code remove NAME...}: supervisorctl's, one group (or program in no
 * [group:x]) at a time taken into the configuration in force from the files, or out of it while
 * its processes are stopped; supervisorctl's lines and exit status.
 */
final class GroupCommand implements Command {

    private final boolean add;

    GroupCommand(boolean add) {
        this.add = add;
    }

    @Override
    public String name() {
        return add ? "add" : "remove";
    }

    @Override
    public String usage() {
        return name() + " <group>...";
    }

    @Override
    public String summary() {
        return add
                ? "take a group of the files into the running configuration"
                : "take a stopped group out of the running configuration";
    }

    @Override
    public String details() {
        return (add ? """
            Reads the files and takes each named group (or program in no [group:x]) into the
            configuration in force; nothing else changes (see update for that).
            'name: added process group'; 'ERROR: process group already active' (exit code 0);
            'ERROR: no such process/group: name' (exit code 1) when the files have none.
            Unlike supervisord, which adds from the files as its last reread saw them, the files
            are read as they are now; files with errors: 'ERROR: CANT_REREAD: ...', exit code 1.\
            """ : """
                Takes each named group out of the configuration in force while all its processes
                are STOPPED, EXITED or FATAL: 'name: removed process group';
                'ERROR: process/group still running: name' or 'ERROR: no such process/group: name'
                (exit code 1). The files keep it: add or update brings it back.\
                """);
    }

    @Override
    public Args args() {
        return Args.PROGRAMS;
    }

    @Override
    public int run(List<String> args, Context ctx) throws CtlException {
        int code = Exit.OK;
        for (String name : args) {
            try {
                if (add) {
                    ctx.supervisor().addGroup(name);
                    ctx.out().println(name + ": added process group");
                } else {
                    ctx.supervisor().removeGroup(name);
                    ctx.out().println(name + ": removed process group");
                }
            } catch (CtlException e) {
                Fault f = Fault.parse(e.fault()).orElse(null);
                if (f == null) {
                    throw e;
                }
                switch (f) {
                    case ALREADY_ADDED -> ctx.out().println("ERROR: process group already active");
                    case BAD_NAME -> ctx.out().println("ERROR: no such process/group: " + name);
                    case STILL_RUNNING -> ctx.out().println("ERROR: process/group still running: " + name);
                    case SHUTTING_DOWN -> ctx.out().println("ERROR: shutting down");
                    default -> ctx.out().println("ERROR: " + e.getMessage());
                }
                if (f != Fault.ALREADY_ADDED) {
                    code = Exit.FAILED;
                }
            }
        }
        return code;
    }
}
