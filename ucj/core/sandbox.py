"""Run one function in a child process with a wall-clock limit and a memory limit.

The background check of a big upload reads the file here: whatever the file does to the reader
(a native abort on a huge allocation, a decompression that never ends, memory that grows
without bound), only the child dies. The caller gets the function's result, or the exception
it raised (a ``ReadError`` with its message, for instance), or a ``LimitExceeded`` saying which
limit stopped it; the worker process and its other tasks carry on.

The child is forked (no new interpreter to start, Django and the active language inherited)
and never touches the database: a forked child must not use its parent's connections. Its
address space is limited with ``RLIMIT_AS`` to what it had at the fork plus ``memory_bytes``;
at the deadline it is killed. The result comes back through a pipe, pickled.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _


class LimitExceeded(Exception):
    """The child was stopped: ``kind`` is "time", "memory" or "crash"; ``message`` is for users."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def _address_space() -> int:
    """This process's virtual memory size in bytes (VmSize)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(conn, func, args, kwargs, memory_bytes: int) -> None:
    # A native abort here is an expected outcome, reported by the parent: no traceback dump
    # on the server's stderr (it could quote the file's data from a reader's frame).
    faulthandler.disable()
    try:
        limit = _address_space() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        result = func(*args, **kwargs)
        conn.send(("ok", result))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        try:
            conn.send(("raised", exc))
        except Exception:  # an exception that does not pickle: its type and message
            conn.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def run_limited(func: Callable[..., Any], *args, seconds: float, memory_bytes: int,
                **kwargs) -> Any:
    """``func(*args, **kwargs)`` in a forked child: its result, or the exception it raised
    (raised here), or ``LimitExceeded``. The function and its arguments reach the child by the
    fork; only the result (or the exception) is pickled."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args, kwargs, memory_bytes),
                            daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise LimitExceeded("time", _(
                "Checking the file took longer than %(seconds)s seconds and was stopped. Split "
                "it into smaller files and upload them one by one.") % {"seconds": round(seconds)})
        try:
            status, payload = receiver.recv()
        except EOFError:  # the child died without a word: killed or aborted
            child.join(5)
            code = child.exitcode
            # SIGABRT: a native allocation refused under the limit (Rust and C++ abort);
            # SIGKILL: the kernel's out-of-memory killer.
            if code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGABRT):
                raise LimitExceeded("memory", _(
                    "Reading the file needed more memory than the limit allows, and was "
                    "stopped. Split it into smaller files, or save it again as a plain .xlsx "
                    "workbook or CSV.")) from None
            raise LimitExceeded("crash", _(
                "The file could not be read: the reader stopped unexpectedly. Save it again "
                "as a plain .xlsx workbook or CSV and upload it again.")) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if status == "memory":
        raise LimitExceeded("memory", _(
            "Reading the file needed more memory than the limit allows, and was stopped. "
            "Split it into smaller files, or save it again as a plain .xlsx workbook or CSV."))
    if status == "raised":
        raise payload
    return payload
