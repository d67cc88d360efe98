"""Prints the processes supervisord's own parser makes of a configuration file.

Usage: /usr/bin/python3 supervisord_processes.py FILE

Runs only supervisord's option processing (ServerOptions.realize, as `supervisord -c FILE` does
before it starts anything), then prints one line per process, tab-separated:
    kind  group  name  priority  autostart  command
kind is supervisord's class for the group (ProcessGroupConfig, EventListenerPoolConfig,
FastCGIGroupConfig); a tab, newline or backslash in the command is written as \\t, \\n, \\\\.
Exit 0 when supervisord accepts the file; exit 3 with its message when it refuses it.
"""
import sys

from supervisor.options import ServerOptions


def escape(text):
    return text.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


class Refused(Exception):
    pass


def main(path):
    options = ServerOptions()

    # supervisord reports a bad file through usage(), which prints its help and exits.
    def usage(msg):
        raise Refused(str(msg))

    options.usage = usage
    try:
        options.realize(args=['-c', path])
    except Refused as e:
        print(escape(str(e)))
        return 3
    for group in options.process_group_configs:
        for p in group.process_configs:
            # A listener pool starts and stops by the pool's priority (default -1), which
            # taskmasterd gives its processes; supervisord keeps 999 on the process itself when the
            # section sets none, and uses it for nothing but getAllConfigInfo.
            listener = type(group).__name__ == 'EventListenerPoolConfig'
            priority = group.priority if listener else p.priority
            print('\t'.join([type(group).__name__, group.name, p.name, str(priority),
                             'true' if p.autostart else 'false', escape(p.command)]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
