"""Run many independent solves: in this process, on a local process pool, or on a Dask cluster.

Every analysis (sweep, marginal curve, Monte Carlo) is a list of independent tasks
`func(context, item) -> result`, where `context` is shared (the scenario, the nominal plan)
and `item` is small (one combination, one sample). Tasks are grouped into chunks so that the
per-task overhead of a pool is paid once per chunk; the shared context travels once per worker
(pool initializer, or `Client.scatter(..., broadcast=True)` for Dask). Results come back in the
order of `items` whatever the worker count or completion order, so an analysis gives the same
table on 1 worker, 2 processes or a cluster.

- Default: a `concurrent.futures.ProcessPoolExecutor` with one process per core, started with
  `spawn` (a fork of a threaded parent, like the Streamlit app or HiGHS with its thread pool,
  can deadlock).
- `workers=1`, a single chunk, or (with `workers=None`) fewer than AUTO_POOL_MIN_TASKS tasks:
  run in this process. Starting a spawned process (importing pandas, PuLP, HiGHS) costs 1 to
  2 s, more than a few dozen solves of a typical scenario.
- `scheduler="tcp://host:8786"` (or a `distributed.Client`): Dask distributed, imported lazily
  because it is an optional extra. Workers of a remote cluster need this package installed.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from planner.errors import InputError, Problem
from planner.i18n import N_, catalogue, ntr

# (tasks done, tasks in total): called in the caller's process as chunks finish.
ProgressCallback = Callable[[int, int], None]
TaskFunction = Callable[[Any, Any], Any]

TEXT = catalogue({
    "no_dask": N_("a Dask scheduler needs the optional extra: pip install 'sales-resource-planner[dask]' ({error})"),
    "bad_workers": N_("must be a whole number >= 1, got {value}"),
    "no_scheduler": N_("cannot reach the Dask scheduler at {address}: {error}"),
})

# Chunks per worker: enough to balance uneven solve times, few enough to keep overhead small.
CHUNKS_PER_WORKER = 4
MAX_CHUNK = 64
# Below this many tasks an automatic worker count runs them here (see the module docstring).
AUTO_POOL_MIN_TASKS = 32


@dataclass(frozen=True)
class Execution:
    """Where tasks run. `workers=None` means every core; `scheduler` selects Dask."""

    workers: int | None = None
    scheduler: Any = None  # "tcp://..." address or a distributed.Client
    chunk_size: int | None = None

    def describe(self) -> str:
        if self.scheduler is not None:
            address = self.scheduler if isinstance(self.scheduler, str) else getattr(self.scheduler, "scheduler", None)
            return f"dask ({getattr(address, 'address', address)})"
        return ntr("{n} process", "{n} processes", self.effective_workers())

    def effective_workers(self) -> int:
        if self.workers is not None:
            return self.workers
        return default_workers()


def default_workers() -> int:
    """Cores this process may use (respects CPU affinity, e.g. in a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Sequence[Any], workers: int, chunk_size: int | None = None) -> list[list[tuple[int, Any]]]:
    """Split `items` into chunks of (index, item), about CHUNKS_PER_WORKER chunks per worker."""
    n = len(items)
    if n == 0:
        return []
    size = chunk_size or min(MAX_CHUNK, max(1, math.ceil(n / (workers * CHUNKS_PER_WORKER))))
    indexed = list(enumerate(items))
    return [indexed[i : i + size] for i in range(0, n, size)]


def run_chunk(func: TaskFunction, context: Any, chunk: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """Run one chunk of tasks; results keep their item index."""
    return [(index, func(context, item)) for index, item in chunk]


# The context of a pool worker, set once per process by the initializer.
_WORKER_CONTEXT: dict[str, Any] = {}


def _init_worker(func: TaskFunction, context: Any) -> None:
    _WORKER_CONTEXT["func"] = func
    _WORKER_CONTEXT["context"] = context


def _run_pool_chunk(chunk: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    return run_chunk(_WORKER_CONTEXT["func"], _WORKER_CONTEXT["context"], chunk)


def run_tasks(
    func: TaskFunction,
    context: Any,
    items: Sequence[Any],
    *,
    execution: Execution | None = None,
    progress: ProgressCallback | None = None,
) -> list[Any]:
    """`[func(context, item) for item in items]`, run where `execution` says, in item order.

    `func` must be a module-level function (it is pickled by name); `context` and the items
    must pickle. `progress(done, total)` is called after each chunk."""
    execution = execution or Execution()
    if execution.workers is not None and (isinstance(execution.workers, bool) or execution.workers < 1):
        raise InputError(Problem("workers", TEXT["bad_workers"].format(value=execution.workers)))
    total = len(items)
    if progress is not None:
        progress(0, total)
    if total == 0:
        return []
    if execution.scheduler is not None:
        pairs = _run_dask(func, context, items, execution, progress)
    else:
        workers = min(execution.effective_workers(), total)
        if execution.workers is None and total < AUTO_POOL_MIN_TASKS:
            workers = 1
        chunks = chunked(items, workers, execution.chunk_size)
        if workers == 1 or len(chunks) == 1:
            pairs = _run_here(func, context, chunks, total, progress)
        else:
            pairs = _run_pool(func, context, chunks, workers, total, progress)
    results: list[Any] = [None] * total
    for index, result in pairs:
        results[index] = result
    return results


def _run_here(func, context, chunks, total, progress) -> list[tuple[int, Any]]:
    pairs: list[tuple[int, Any]] = []
    for chunk in chunks:
        pairs.extend(run_chunk(func, context, chunk))
        if progress is not None:
            progress(len(pairs), total)
    return pairs


def _run_pool(func, context, chunks, workers, total, progress) -> list[tuple[int, Any]]:
    pairs: list[tuple[int, Any]] = []
    mp_context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)), mp_context=mp_context, initializer=_init_worker, initargs=(func, context)
    ) as pool:
        pending = {pool.submit(_run_pool_chunk, chunk) for chunk in chunks}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pairs.extend(future.result())
            if progress is not None:
                progress(len(pairs), total)
    return pairs


def dask_client(scheduler: Any) -> tuple[Any, bool]:
    """A `distributed.Client` for a scheduler address (ours to close) or the given client."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - dask is installed in development
        raise InputError(Problem("scheduler", TEXT["no_dask"].format(error=exc))) from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, timeout="10s", set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(Problem("scheduler", TEXT["no_scheduler"].format(address=scheduler, error=exc))) from None


def _run_dask(func, context, items, execution: Execution, progress) -> list[tuple[int, Any]]:
    from distributed import as_completed

    client, owned = dask_client(execution.scheduler)
    try:
        workers = max(1, sum(client.nthreads().values())) if execution.chunk_size is None else 1
        chunks = chunked(items, workers, execution.chunk_size)
        shared = client.scatter(context, broadcast=True, hash=False)
        futures = client.map(run_chunk, [func] * len(chunks), [shared] * len(chunks), chunks, pure=False)
        pairs: list[tuple[int, Any]] = []
        total = len(items)
        for future in as_completed(futures, loop=client.loop):
            pairs.extend(future.result())
            if progress is not None:
                progress(len(pairs), total)
        return pairs
    finally:
        if owned:
            client.close()


__all__ = ["Execution", "ProgressCallback", "chunked", "dask_client", "default_workers", "run_chunk", "run_tasks"]
