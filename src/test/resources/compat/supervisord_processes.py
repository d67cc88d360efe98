"""Prints the processes supervisord's own parser makes of a configuration file, as JSON.

Usage: python3 supervisord_processes.py FILE
Exit 0 with {"groups": [...]} when supervisord accepts the file; exit 3 with {"error": "..."}
when it refuses it. Nothing is started: only supervisord's option processing runs.
"""
import json
import sys

from supervisor.options import ServerOptions


def main(path):
    options = ServerOptions()
    errors = []
    # supervisord reports a bad file through usage(), which prints and exits: capture the message.
    options.usage = lambda msg: (errors.append(str(msg)), (_ for _ in ()).throw(SystemExit(2)))
    try:
        options.realize(args=['-c', path])
    except SystemExit:
        print(json.dumps({"error": errors[0] if errors else "exit"}))
        return 3
    groups = []
    for group in options.process_group_configs:
        groups.append({
            "name": group.name,
            "kind": type(group).__name__,
            "processes": [{
                "name": p.name,
                "command": p.command,
                "priority": p.priority,
                "autostart": bool(p.autostart),
            } for p in group.process_configs],
        })
    print(json.dumps({"groups": groups}))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
