"""An event listener on supervisor.childutils, as real ones are written: it appends every event
it gets to the file named by its first argument and answers OK. One line an event: its header
tokens as received (key:value, space-separated), a tab, the hex of its payload's UTF-8."""
import sys

from supervisor import childutils


def main():
    out = sys.argv[1]
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        tokens = ' '.join('%s:%s' % kv for kv in headers.items())
        with open(out, 'a') as f:
            f.write(tokens + '\t' + payload.encode('utf-8').hex() + '\n')
        childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main()
