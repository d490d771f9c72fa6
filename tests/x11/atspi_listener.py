#!/usr/bin/python3
"""A screen reader's ears on the accessibility bus, for run_x11.py: as Orca does, it follows the
windows, the focus and what the focused things say of themselves, and it listens to every key
press and release, synchronously, passing each one on. With such a listener Qt sends each key
over D-Bus first and handles it when the answer comes, which changes the order in which a
dialog's keys and the window system's focus changes reach the program.

Usage: atspi_listener.py HEARD.jsonl. Each event heard is a line of HEARD.jsonl: its type and its
source's name and description, as a screen reader would speak them. Run with Debian's python3
(the one python3-pyatspi is for). Prints "ready" once listening."""
import json
import sys

import pyatspi

heard = open(sys.argv[1], "a", buffering=1)


def on_key(event):
    return False  # heard, not consumed


def on_event(event):
    try:  # asked back, as a screen reader asks what it is to speak
        name, description = event.source.name, event.source.description
    except Exception as e:  # the object went away meanwhile
        name, description = None, repr(e)
    heard.write(json.dumps({"type": event.type, "name": name, "description": description}) + "\n")


pyatspi.Registry.registerEventListener(on_event, "window:activate", "window:deactivate",
                                       "object:state-changed:focused", "object:property-change:accessible-name",
                                       "object:property-change:accessible-description")
pyatspi.Registry.registerKeystrokeListener(
    on_key, kind=(pyatspi.KEY_PRESSED_EVENT, pyatspi.KEY_RELEASED_EVENT), mask=pyatspi.allModifiers(),
    synchronous=True, preemptive=True)
print("ready", flush=True)
sys.stdout.close()
pyatspi.Registry.start()
