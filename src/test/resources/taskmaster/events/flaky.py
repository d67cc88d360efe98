"""An event listener that rejects (RESULT FAIL) the first delivery of each event and accepts the
second, to see rejected events sent again. Appends 'serial poolserial eventname' for every
delivery to the file named by its first argument."""
import sys

from supervisor import childutils


def main():
    out = sys.argv[1]
    seen = set()
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        with open(out, 'a') as f:
            f.write('%s %s %s\n' % (headers['serial'], headers['poolserial'], headers['eventname']))
        if headers['serial'] in seen:
            childutils.listener.ok(sys.stdout)
        else:
            seen.add(headers['serial'])
            childutils.listener.fail(sys.stdout)


if __name__ == '__main__':
    main()
