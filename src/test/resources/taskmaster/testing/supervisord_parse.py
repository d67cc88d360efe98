"""Prints what supervisord's own parser makes of a configuration file.

Usage: /usr/bin/python3 supervisord_parse.py MODE FILE

Runs only supervisord's option processing (ServerOptions.realize, as `supervisord -c FILE` does
before it starts anything), then prints, tab-separated, by MODE:

processes: one line per process of every group
    kind  group  name  priority  autostart  command
  kind is supervisord's class for the group (ProcessGroupConfig, EventListenerPoolConfig,
  FastCGIGroupConfig).
listeners: one line per event listener pool
    pool  name  priority  buffer_size  events (sorted, comma-separated)  result_handler (module:function)
  and one line per process of a pool:
    process  pool  name  stdout_logfile (AUTO, NONE or the path)  redirect_stderr
  (The pool's priority orders the starts; its processes keep the [program:x] default of 999 unless
  priority is given.)

A tab, newline or backslash in a command or a message is written as \\t, \\n, \\\\.
Exit 0 when supervisord accepts the file; exit 3 with its message when it refuses it.
"""
import sys

from supervisor.datatypes import Automatic
from supervisor.events import getEventNameByType
from supervisor.options import EventListenerPoolConfig, ServerOptions


def escape(text):
    return text.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


class Refused(Exception):
    pass


def logfile(value):
    if value is Automatic:
        return 'AUTO'
    if value is None:
        return 'NONE'
    return str(value)


def processes(options):
    for group in options.process_group_configs:
        for p in group.process_configs:
            # A listener pool starts and stops by the pool's priority (default -1), which
            # taskmasterd gives its processes; supervisord keeps 999 on the process itself when the
            # section sets none, and uses it for nothing but getAllConfigInfo.
            listener = isinstance(group, EventListenerPoolConfig)
            priority = group.priority if listener else p.priority
            print('\t'.join([type(group).__name__, group.name, p.name, str(priority),
                             'true' if p.autostart else 'false', escape(p.command)]))


def listeners(options):
    for group in options.process_group_configs:
        if not isinstance(group, EventListenerPoolConfig):
            continue
        events = ','.join(sorted(getEventNameByType(e) for e in group.pool_events))
        handler = group.result_handler.__module__ + ':' + group.result_handler.__name__
        print('\t'.join(['pool', group.name, str(group.priority), str(group.buffer_size), events, handler]))
        for p in group.process_configs:
            print('\t'.join(['process', group.name, p.name, logfile(p.stdout_logfile),
                             'true' if p.redirect_stderr else 'false']))


MODES = {'processes': processes, 'listeners': listeners}


def main(mode, path):
    show = MODES[mode]
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
    show(options)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2]))
