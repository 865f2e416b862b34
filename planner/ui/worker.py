"""Bounded work for the app: every load, solve and analysis of a session runs in that session's
worker process, with a time limit and a memory bound, and the worker is stopped when it exceeds
either or when the session ends.

A Streamlit server is shared by everyone in a company: one upload that takes a minute (or
forever, or all the memory) must not hold a server thread or starve the others. So the script
thread never computes; it sends the job to a worker process and waits in short steps, checking
the clock and that its browser session is still there. Past the time limit, or once the session
is gone, the worker is killed (SIGKILL: a solver in C code does not listen to anything gentler),
and a fresh one starts with the next job. The worker's address space is capped (RLIMIT_AS) at
what it had after start-up plus MEMORY_BYTES, so a job that would exhaust the machine fails
with MemoryError in the worker instead.

Workers fork from a forkserver that has the planner already imported (fast to start, and no
fork of the multi-threaded server). Jobs are module-level functions (planner/ui/jobs.py) whose
arguments and results pickle. This module does not import Streamlit: the app passes `alive`.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import sys
import threading
import time
import types
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from planner.errors import PlannerError
from planner.i18n import language, using

log = logging.getLogger(__name__)


def _setting(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


TIME_LIMIT = _setting("PLANNER_APP_TIME_LIMIT", 120.0)  # seconds a job of a session may take
MEMORY_BYTES = int(_setting("PLANNER_APP_MEMORY_MB", 2048) * 2**20)  # beyond the worker's start-up size
IDLE_SECONDS = 900.0  # a worker without a job for this long exits by itself
MAX_WORKERS = 8  # idle workers kept at once; past it the least recently used idle one is stopped (restarts in ~0.1 s)
POLL_SECONDS = 0.05
PRELOAD = ["planner.ui.jobs"]
PROGRESS = "__planner_progress__"  # a job's `progress=` argument, replaced in the worker by a sender


class WorkError(Exception):
    """A job did not finish: `reason` is `time`, `memory`, `stopped` or `crashed`."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _context() -> mp.context.BaseContext:
    try:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    except ValueError:  # pragma: no cover - a platform without forkserver
        return mp.get_context("spawn")


def _address_space() -> int:
    """This process's virtual size in bytes (0 if unknown)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _serve(conn: Any, memory_bytes: int, idle_seconds: float) -> None:
    """The worker's loop: (function, args, kwargs) in, ("ok", value) / ("error", kind) out."""
    try:
        import resource

        if memory_bytes > 0:
            limit = _address_space() + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - no limits on this platform
        pass
    while conn.poll(idle_seconds):
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        func, args, kwargs, lang = message
        if kwargs.get("progress") == PROGRESS:
            kwargs["progress"] = lambda done, total: conn.send(("progress", (done, total)))
        try:
            with using(lang):  # the job's messages in the language of the session that sent it
                reply = ("ok", func(*args, **kwargs))
        except PlannerError as exc:  # the user's mistake: the page shows it as usual
            reply = ("raise", exc)
        except MemoryError:
            reply = ("error", "memory")
        except BaseException:  # noqa: BLE001 - logged here with its traceback, the page says less
            log.exception("job %s failed", getattr(func, "__name__", func))
            reply = ("error", "crashed")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("error", "memory"))


class Worker:
    """One session's worker process, started on first use and after each kill."""

    def __init__(self, key: str):
        self.key = key
        self.process: Any = None
        self.conn: Any = None
        self.lock = threading.RLock()  # run() and stop() from one thread; eviction from another
        self.last_used = time.monotonic()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def _start(self) -> None:
        ctx = _context()
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child, MEMORY_BYTES, IDLE_SECONDS), daemon=True,
                              name=f"planner-worker-{self.key[:8]}")
        with _without_main():
            process.start()
        child.close()
        self.process, self.conn = process, parent

    def run(self, func: Callable[..., Any], *args: Any, time_limit: float | None = None,
            alive: Callable[[], bool] = lambda: True, **kwargs: Any) -> Any:
        """`func(*args, **kwargs)` in the worker; WorkError past the time limit, when `alive()`
        turns false, when the worker runs out of memory or dies. A callable `progress=` keyword
        is called here with the (done, total) the job reports there."""
        limit = TIME_LIMIT if time_limit is None else time_limit
        report = kwargs.get("progress")
        if callable(report):
            kwargs["progress"] = PROGRESS
        with self.lock:
            self.last_used = time.monotonic()
            if not self.running:
                self.stop()
                self._start()
            process, conn = self.process, self.conn
            try:
                conn.send((func, args, kwargs, language()))
            except (OSError, EOFError, ValueError):
                self.stop()
                raise WorkError("crashed") from None
            deadline = time.monotonic() + limit
            while True:
                while not conn.poll(POLL_SECONDS):
                    if not process.is_alive():
                        reason = "memory" if process.exitcode == -9 else "crashed"  # -9: the kernel's OOM killer
                        self.stop()
                        raise WorkError(reason)
                    if time.monotonic() > deadline:
                        self.stop()
                        raise WorkError("time")
                    if not alive():
                        self.stop()
                        raise WorkError("stopped")
                try:
                    status, value = conn.recv()
                except (EOFError, OSError):
                    self.stop()
                    raise WorkError("crashed") from None
                if status != "progress":
                    break
                if callable(report):
                    report(*value)
            self.last_used = time.monotonic()
        if status == "raise":
            raise value
        if status != "ok":
            if value == "memory":
                self.stop()  # its heap may be fragmented to the limit: start afresh
            raise WorkError(value)
        return value

    def stop(self) -> None:
        """Kill the worker now (its job, if any, is abandoned)."""
        process, conn = self.process, self.conn
        self.process = self.conn = None
        if process is not None and process.is_alive():
            process.kill()
        if process is not None:
            process.join(timeout=5)
        if conn is not None:
            conn.close()


_MAIN_LOCK = threading.Lock()


@contextmanager
def _without_main() -> Iterator[None]:
    """Start a process without telling it the main module: under `streamlit run`, `__main__` is
    the app's script, which a new process would otherwise import (and so run the app)."""
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


# ----- the workers of all sessions -------------------------------------------------------------
_WORKERS: OrderedDict[str, Worker] = OrderedDict()
_REGISTRY_LOCK = threading.Lock()
_ENDED: list[Callable[[str], None]] = []  # called with a session key when its session is gone
_reaper: threading.Thread | None = None


def worker_for(key: str) -> Worker:
    """The worker of session `key` (at most MAX_WORKERS live: the least recently used goes)."""
    with _REGISTRY_LOCK:
        worker = _WORKERS.get(key)
        if worker is None:
            worker = _WORKERS[key] = Worker(key)
        _WORKERS.move_to_end(key)
        for old_key in [k for k in _WORKERS if k != key]:
            if len(_WORKERS) <= MAX_WORKERS:
                break
            old = _WORKERS[old_key]
            if old.lock.acquire(blocking=False):  # never one whose job another session waits for
                try:
                    old.stop()
                    del _WORKERS[old_key]
                finally:
                    old.lock.release()
    return worker


def stop_session(key: str) -> None:
    """The session `key` ended: stop its worker and forget it."""
    with _REGISTRY_LOCK:
        worker = _WORKERS.pop(key, None)
    # A worker in the middle of a job is stopped by its own wait loop, which sees the session gone.
    if worker is not None and worker.lock.acquire(blocking=False):
        try:
            worker.stop()
        finally:
            worker.lock.release()
    for callback in list(_ENDED):
        try:
            callback(key)
        except Exception:  # noqa: BLE001 - one failed clean-up must not stop the others
            log.exception("session clean-up failed")


def watch_sessions(is_active: Callable[[str], bool], on_end: Callable[[str], None] | None = None,
                   every: float = 2.0) -> None:
    """Start (once) a daemon thread that stops the workers of sessions that `is_active` no
    longer knows, and calls `on_end` for them (e.g. to delete their uploads)."""
    global _reaper
    if on_end is not None and on_end not in _ENDED:
        _ENDED.append(on_end)
    with _REGISTRY_LOCK:
        if _reaper is not None and _reaper.is_alive():
            return

        def reap() -> None:
            while True:
                time.sleep(every)
                for key in list(_WORKERS) + list(_KNOWN_SESSIONS):
                    try:
                        gone = not is_active(key)
                    except Exception:  # noqa: BLE001 - a runtime that shuts down
                        gone = False
                    if gone:
                        _KNOWN_SESSIONS.discard(key)
                        stop_session(key)

        _reaper = threading.Thread(target=reap, name="planner-session-reaper", daemon=True)
        _reaper.start()


_KNOWN_SESSIONS: set[str] = set()


def remember_session(key: str) -> None:
    """A session that has something to clean up at its end even without a worker."""
    _KNOWN_SESSIONS.add(key)


def live_workers() -> list[int]:
    """Process ids of the workers alive now (for tests and the log)."""
    with _REGISTRY_LOCK:
        return [w.process.pid for w in _WORKERS.values() if w.running]


__all__ = ["MEMORY_BYTES", "TIME_LIMIT", "WorkError", "Worker", "live_workers", "remember_session",
           "stop_session", "watch_sessions", "worker_for"]
