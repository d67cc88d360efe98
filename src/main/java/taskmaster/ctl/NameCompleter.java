package taskmaster.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import taskmaster.mbeans.ProcessNames;
import taskmaster.model.Signal;

/**
 * Tab completion: command names first, then what the command takes: process and program names,
 * {@code group:*} and {@code all} (asked from the daemon, at most once every two seconds), signal
 * names, command names, or {@code stdout}/{@code stderr}.
 */
final class NameCompleter implements Completer {

    private static final long FRESH_NANOS = 2_000_000_000L;

    private final Commands commands;
    private final Supervisor supervisor;
    private List<Supervisor.Proc> cached = List.of();
    private long fetchedAt;
    private boolean fetched;

    NameCompleter(Commands commands, Supervisor supervisor) {
        this.commands = commands;
        this.supervisor = supervisor;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            commands.all().forEach(c -> candidates.add(new Candidate(c.name())));
            candidates.add(new Candidate("quit"));
            candidates.add(new Candidate("exit"));
            return;
        }
        Command c = commands.find(words.getFirst());
        if (c == null) {
            return;
        }
        for (String s : suggestions(c.args(), index)) {
            boolean more = s.endsWith(":");
            candidates.add(new Candidate(s, s, null, null, null, null, !more));
        }
    }

    List<String> suggestions(Command.Args args, int index) {
        return switch (args) {
            case NONE -> List.of();
            case COMMANDS ->
                index == 1 ? commands.all().stream().map(Command::name).toList() : List.of();
            case NAMES -> List.copyOf(Names.completions(processes()));
            case SIGNAL_THEN_NAMES -> index == 1 ? signals() : List.copyOf(Names.completions(processes()));
            case PROGRAMS -> programs();
            case NAME_THEN_CHANNEL ->
                index == 1
                        ? List.copyOf(Names.completions(processes()))
                        : index == 2 ? List.of("stdout", "stderr") : List.of();
        };
    }

    private static List<String> signals() {
        List<String> out = new ArrayList<>();
        for (Signal s : Signal.values()) {
            out.add(s.name());
        }
        return out;
    }

    private List<String> programs() {
        Set<String> out = new TreeSet<>();
        out.add(ProcessNames.ALL);
        for (Supervisor.Proc p : processes()) {
            out.add(p.group());
        }
        return List.copyOf(out);
    }

    private synchronized List<Supervisor.Proc> processes() {
        long now = System.nanoTime();
        if (supervisor != null && (!fetched || now - fetchedAt > FRESH_NANOS)) {
            try {
                cached = supervisor.processes();
            } catch (CtlException e) {
                // no completion from a daemon that does not answer
            }
            fetched = true;
            fetchedAt = now;
        }
        return cached;
    }
}
