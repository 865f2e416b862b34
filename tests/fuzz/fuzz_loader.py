"""Loader fuzzer: mutated copies of the shipped scenarios fed to `planner validate`, in-process.

    .venv/bin/python tests/fuzz/fuzz_loader.py          (or `make fuzz`)

Every document (`tests/fuzz/mutations.py`: nesting, aliases, huge and non-finite numbers, long
strings, wrong types, deleted and duplicated keys and items, ...) goes through what
`planner validate FILE` computes: the real loader, `prepare_scenario`, the warnings and the
summary's data (FUZZ_CLI=1: the command itself, its printed tables included). Each runs in a
forked child with a hard timeout (FUZZ_TIMEOUT seconds of CPU by `RLIMIT_CPU`, so that other
processes on a shared machine do not turn a slow document into a "hang"; `signal.alarm` at ten
times that as wall time for a blocked child, then SIGKILL) and a memory cap (`RLIMIT_AS`). The
only acceptable outcomes are a valid scenario and the planner's own `InputError` (exit 2);
anything else is counted:

- traceback: any other exception (or a crash of the child),
- hang: the document took more than FUZZ_TIMEOUT seconds of CPU (or ten times that of wall time),
- memory: the child ran out of its FUZZ_MEMORY_MB.

Each failure is printed with its reproducer, written to artifacts/fuzz/ (gitignored) next to a
`data` link to the scenarios' tables, so `planner validate artifacts/fuzz/doc-N.yaml` repeats
it. The last line is the summary, e.g.
`fuzz: 10000 documents, 0 tracebacks, 0 hangs, 0 memory, 123.4 s`; the exit code is 1 when
anything failed.

Environment: FUZZ_CLI (1: run the `validate` command itself, its printed tables included),
FUZZ_DOCUMENTS (10000), FUZZ_SECONDS (600: the run stops early when its time is
up), FUZZ_SEED (11; each document's mutations depend only on the seed and its number),
FUZZ_TIMEOUT (10), FUZZ_MEMORY_MB (2048), FUZZ_WORKERS (the number of CPUs). POSIX only (fork).
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import random
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutations import mutate, parse  # noqa: E402

DOCUMENTS = int(os.environ.get("FUZZ_DOCUMENTS", "10000"))
SECONDS = float(os.environ.get("FUZZ_SECONDS", "600"))
SEED = os.environ.get("FUZZ_SEED", "11")
TIMEOUT = float(os.environ.get("FUZZ_TIMEOUT", "10"))
MEMORY_MB = int(os.environ.get("FUZZ_MEMORY_MB", "2048"))
WORKERS = int(os.environ.get("FUZZ_WORKERS", str(os.cpu_count() or 2)))
CLI = os.environ.get("FUZZ_CLI", "") not in ("", "0")
OUT = ROOT / "artifacts" / "fuzz"
WORK = OUT / "work"

OK, TRACEBACK, MEMORY = 0, 3, 4
GENERATION_GRACE = 30.0  # seconds a child may spend writing its document before the alarm starts
WALL_FACTOR = 10  # wall time = this x FUZZ_TIMEOUT before a child that uses no CPU (blocked) is ended


def _bases() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "scenarios").glob("*.yaml"))]


PARSED: dict[str, object] = {}  # base name -> parsed data, filled before the children fork


def _validate(path: Path) -> None:
    """What `planner validate PATH` computes, in this process: the real loader,
    `prepare_scenario` (client tables, response curves), the warnings and the summary's data.
    InputError is the planner's answer to a bad file; anything else propagates.

    With FUZZ_CLI=1 the CLI command itself runs, its rich tables included (whose rendering of
    thousands of rows is slow, though no fault of the loader)."""
    from planner.errors import InputError

    if CLI:
        import click
        import typer

        from planner.cli.validate import validate

        try:
            validate([path])
        except (click.exceptions.Exit, typer.Exit) as exc:
            if exc.exit_code not in (0, 2):
                raise RuntimeError(f"validate exited {exc.exit_code}") from None
        return

    from models import scenario_warnings
    from planner.prepare import prepare_scenario
    from planner.scenario_io import load_scenario, scenario_dir
    from planner.summary import scenario_summary

    try:
        scenario = load_scenario(path)
        prepared = prepare_scenario(scenario, scenario_dir(path))
        scenario_summary(prepared)
        scenario_warnings(prepared)
        if scenario.clients is not None or scenario.prospects_data is not None:
            from planner.segmentation import table_warnings

            table_warnings(scenario, scenario_dir(path))
    except InputError as exc:
        exc.render()


def _vm_size() -> int:
    """Bytes of address space this process uses now (the memory cap comes on top)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return 0


def _child(number: int, name: str, text: str) -> None:
    """Runs in the forked child: write the document, then validate it under the limits."""
    rng = random.Random(f"{SEED}:{number}")
    document = mutate(rng, text, PARSED.get(name))
    suffix = ".json" if document.lstrip().startswith(("{", "[")) else ".yaml"
    path = WORK / f"doc-{number}{suffix}"
    path.write_text(document, encoding="utf-8", errors="surrogatepass")
    (WORK / f"doc-{number}.path").write_text(path.name)
    limit = _vm_size() + MEMORY_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime + TIMEOUT + 0.999)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU past FUZZ_TIMEOUT of CPU
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    signal.alarm(max(1, int(WALL_FACTOR * TIMEOUT + 0.999)))  # backstop for a blocked child; ends it
    try:
        _validate(path)
    except MemoryError:
        os._exit(MEMORY)
    except BaseException:  # noqa: BLE001 - every other exception is what we look for
        report = traceback.format_exc()
        (WORK / f"doc-{number}.traceback.txt").write_text(report, encoding="utf-8", errors="replace")
        os._exit(MEMORY if "MemoryError" in report else TRACEBACK)
    os._exit(OK)


def _keep(number: int, kind: str, base: str, detail: str) -> str:
    """Move a failing document (and its traceback) out of the work folder; its message."""
    name_file = WORK / f"doc-{number}.path"
    name = name_file.read_text() if name_file.exists() else f"doc-{number}.yaml"
    kept = OUT / name
    if (WORK / name).exists():
        (WORK / name).replace(kept)
    report = WORK / f"doc-{number}.traceback.txt"
    if report.exists():
        report.replace(OUT / report.name)
    if not name_file.exists():  # killed before its document was written: the generator's fault
        return f"{kind.upper()} doc {number} (from {base}): {detail}, while the fuzzer was still writing the document"
    return f"{kind.upper()} doc {number} (from {base}): {detail}\n  reproduce: planner validate {kept.relative_to(ROOT)}"


def _clean(number: int) -> None:
    for path in WORK.glob(f"doc-{number}.*"):
        path.unlink(missing_ok=True)


def _prepare_folders() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    for folder in (OUT, WORK):
        link = folder / "data"
        if not link.exists():
            link.symlink_to(ROOT / "scenarios" / "data")


def _warm_up(bases: list[tuple[str, str]]) -> None:
    """Import and run everything once in the parent, so that each forked child starts warm."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for name, text in bases:
            path = WORK / f"warm-{name}"
            path.write_text(text, encoding="utf-8")
            _validate(path)
            path.unlink()


def main() -> int:
    _prepare_folders()
    bases = _bases()
    _warm_up(bases)
    PARSED.update((name, parse(text)) for name, text in bases)
    gc.collect()
    gc.freeze()  # the children share the warm heap instead of copying it page by page
    start = time.perf_counter()
    running: dict[int, tuple[int, str, float]] = {}  # pid -> (document, base, started)
    counts = {"traceback": 0, "hang": 0, "memory": 0}
    done = 0
    launched = 0
    failures: list[str] = []
    timings: list[tuple[float, int, str]] = []  # (seconds, document, base)

    def finish(pid: int, status: int) -> None:
        nonlocal done
        number, base, started = running.pop(pid)
        done += 1
        if done % 1000 == 0:
            print(f"fuzz: {done} documents so far, {sum(counts.values())} failures, "
                  f"{time.perf_counter() - start:.0f} s", flush=True)
        seconds = time.perf_counter() - started
        timings.append((seconds, number, base))
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig in (signal.SIGXCPU, signal.SIGALRM, signal.SIGKILL):
                kind, detail = "hang", f"no answer after {seconds:.1f} s ({signal.Signals(sig).name})"
            else:
                kind, detail = "traceback", f"the child died of signal {signal.Signals(sig).name}"
        else:
            code = os.WEXITSTATUS(status)
            if code == OK:
                _clean(number)
                return
            kind = "memory" if code == MEMORY else "traceback"
            report = WORK / f"doc-{number}.traceback.txt"
            lines = report.read_text(encoding="utf-8", errors="replace").strip().splitlines() if report.exists() else []
            detail = lines[-1] if lines else f"exit code {code}"
        counts[kind] += 1
        message = _keep(number, kind, base, detail)
        failures.append(message)
        print(message, flush=True)

    while True:
        out_of_time = time.perf_counter() - start > SECONDS
        while len(running) < WORKERS and launched < DOCUMENTS and not out_of_time:
            name, text = bases[launched % len(bases)]
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                try:
                    _child(launched, name, text)
                finally:
                    os._exit(TRACEBACK)
            running[pid] = (launched, name, time.perf_counter())
            launched += 1
        if not running:
            break
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid:
            finish(pid, status)
            continue
        now = time.perf_counter()
        for child, (_, _, started) in list(running.items()):
            if now - started > WALL_FACTOR * TIMEOUT + GENERATION_GRACE:
                os.kill(child, signal.SIGKILL)
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    if timings:
        timings.sort()
        median = timings[len(timings) // 2][0]
        slowest = ", ".join(f"doc {n} ({b}) {t:.2f} s" for t, n, b in reversed(timings[-3:]))
        print(f"fuzz: median {median * 1000:.0f} ms per document; slowest: {slowest}", flush=True)
    print(
        f"fuzz: {done} documents, {counts['traceback']} tracebacks, {counts['hang']} hangs, "
        f"{counts['memory']} memory, {elapsed:.1f} s",
        flush=True,
    )
    return 1 if any(counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
