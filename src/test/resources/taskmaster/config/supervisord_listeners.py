"""Prints what supervisord's own parser makes of the event listener pools of a configuration.

Usage: /usr/bin/python3 supervisord_listeners.py FILE

Runs only supervisord's option processing (ServerOptions.realize, as `supervisord -c FILE` does
before it starts anything), then prints, tab-separated, one line per pool:
    pool  name  priority  buffer_size  events (sorted, comma-separated)  result_handler (module:function)
and one line per process of a pool:
    process  pool  name  stdout_logfile (AUTO, NONE or the path)  redirect_stderr
(The pool's priority orders the starts; its processes keep the [program:x] default of 999 unless
priority is given.)
Exit 0 when supervisord accepts the file; exit 3 with its message when it refuses it.
"""
import sys

from supervisor.datatypes import Automatic
from supervisor.events import getEventNameByType
from supervisor.options import EventListenerPoolConfig, ServerOptions


class Refused(Exception):
    pass


def logfile(value):
    if value is Automatic:
        return 'AUTO'
    if value is None:
        return 'NONE'
    return str(value)


def main(path):
    options = ServerOptions()

    # supervisord reports a bad file through usage(), which prints its help and exits.
    def usage(msg):
        raise Refused(str(msg))

    options.usage = usage
    try:
        options.realize(args=['-c', path])
    except Refused as e:
        print(str(e).replace('\n', ' '))
        return 3
    for group in options.process_group_configs:
        if not isinstance(group, EventListenerPoolConfig):
            continue
        events = ','.join(sorted(getEventNameByType(e) for e in group.pool_events))
        handler = group.result_handler.__module__ + ':' + group.result_handler.__name__
        print('\t'.join(['pool', group.name, str(group.priority), str(group.buffer_size), events, handler]))
        for p in group.process_configs:
            print('\t'.join(['process', group.name, p.name, logfile(p.stdout_logfile),
                             'true' if p.redirect_stderr else 'false']))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
