package taskmaster.events;

import taskmaster.output.OutputException;

/** Where envelopes go: a listener process's stdin, without blocking. */
@FunctionalInterface
interface StdinWriter {
    /**
     * @return how many bytes the pipe took, perhaps fewer than given (or none) when it is full
     * @throws OutputException when the process does not run or its stdin is closed
     */
    int write(String process, byte[] bytes);
}
