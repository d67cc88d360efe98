"""Renders events with supervisord's own classes (supervisor.events and EventListenerPool's
envelope), one per input line, as hex of the bytes a listener's stdin receives.

Input lines, tab-separated: serial, poolserial, pool, then one of
  state  TO FROM processname groupname tries expected pid
  tick   TYPE when
  sup    TYPE
  group  TYPE groupname
  log    stdout|stderr processname groupname pid hexdata
  remote type hexdata
"""
import sys

from supervisor import events
from supervisor.compat import as_bytes
from supervisor.process import EventListenerPool
from supervisor.states import ProcessStates


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def process(name, group, tries=0, pid=0):
    return Obj(config=Obj(name=name), group=Obj(config=Obj(name=group)), backoff=tries, pid=pid)


def render(fields):
    kind = fields[0]
    if kind == 'state':
        to, frm, name, group, tries, expected, pid = fields[1:]
        cls = getattr(events.EventTypes, 'PROCESS_STATE_' + to)
        ev = cls(process(name, group, int(tries), int(pid)), getattr(ProcessStates, frm), bool(int(expected)))
    elif kind == 'tick':
        ev = getattr(events.EventTypes, fields[1])(int(fields[2]), None)
    elif kind == 'sup':
        ev = getattr(events.EventTypes, fields[1])()
    elif kind == 'group':
        ev = getattr(events.EventTypes, fields[1])(fields[2])
    elif kind == 'log':
        stream, name, group, pid, data = fields[1:]
        cls = events.ProcessLogStdoutEvent if stream == 'stdout' else events.ProcessLogStderrEvent
        ev = cls(process(name, group), int(pid), bytes.fromhex(data))
    elif kind == 'remote':
        ev = events.RemoteCommunicationEvent(fields[1], bytes.fromhex(fields[2]).decode('utf-8'))
    else:
        raise SystemExit('unknown kind ' + kind)
    return ev


for line in sys.stdin:
    fields = line.rstrip('\n').split('\t')
    serial, poolserial, pool = int(fields[0]), int(fields[1]), fields[2]
    ev = render(fields[3:])
    me = Obj(config=Obj(name=pool, options=Obj(identifier='supervisor')))
    env = EventListenerPool._eventEnvelope(me, ev.__class__, serial, poolserial, ev.payload())
    print(as_bytes(env).hex())
