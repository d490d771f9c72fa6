#!/usr/bin/python3
"""A screen reader's ears on the accessibility bus, for run_x11.py: as Orca does, it follows the
windows and the focus, and it listens to every key press and release, synchronously, passing
each one on. With such a listener Qt sends each key over D-Bus first and handles it when the
answer comes, which changes the order in which a dialog's keys and the window system's focus
changes reach the program.

Run with Debian's python3 (the one python3-pyatspi is for). Prints "ready" once listening."""
import sys

import pyatspi


def on_key(event):
    return False  # heard, not consumed


def on_event(event):
    event.source.name  # asked back, as a screen reader asks what it is to speak


pyatspi.Registry.registerEventListener(on_event, "window:activate", "window:deactivate",
                                       "object:state-changed:focused")

pyatspi.Registry.registerKeystrokeListener(
    on_key, kind=(pyatspi.KEY_PRESSED_EVENT, pyatspi.KEY_RELEASED_EVENT), mask=pyatspi.allModifiers(),
    synchronous=True, preemptive=True)
print("ready", flush=True)
sys.stdout.close()
pyatspi.Registry.start()
