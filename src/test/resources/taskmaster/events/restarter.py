"""An event listener that restarts a program through XML-RPC when it exits, as superlance's
memmon and httpok do: childutils.getRPCInterface(os.environ), which needs SUPERVISOR_SERVER_URL
from the daemon. Usage: restarter.py PROCESS LOGFILE. Each restart it did appends
'restarted PROCESS'; anything that goes wrong appends 'error: ...' (the test fails on it)."""
import os
import sys

from supervisor import childutils


def log(path, line):
    with open(path, 'a') as f:
        f.write(line + '\n')


def main():
    name, path = sys.argv[1], sys.argv[2]
    if 'SUPERVISOR_SERVER_URL' not in os.environ:
        log(path, 'error: SUPERVISOR_SERVER_URL is not in the listener\'s environment')
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers['eventname'] == 'PROCESS_STATE_EXITED':
            fields, _ = childutils.eventdata(payload + '\n')
            if fields['processname'] == name:
                try:
                    rpc = childutils.getRPCInterface(os.environ)
                    rpc.supervisor.startProcess('%s:%s' % (fields['groupname'], name))
                    log(path, 'restarted ' + name)
                except Exception as e:  # the test shows what the daemon answered
                    log(path, 'error: %s: %r' % (type(e).__name__, e))
        childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main()
