"""Nothing of the server reaches the user of the app: bounded work, private uploads, hostile
uploads answered with plain messages (issue 12). The real-browser half is in test_browser_hostile.py."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.ui import uploads, worker
from tests.paths import ROOT

APP = str(ROOT / "app.py")
DEFAULT = ROOT / "scenarios" / "default.yaml"
MILLION = (b"schema_version: 1\nname: million\nsegments:\n  - {id: s, clients: 10, margin: 0.3, levels: [{id: l, "
           b"hours_per_client: 1, revenue_per_client: 100}]}\nteam: {managers: [{id: g, hours: 10, min_count: 0, "
           b"max_count: 1000000}]}\n")
LEAKS = ("PATH=", "root:", "Traceback", str(ROOT), "/etc/passwd:")


# ----- the worker ---------------------------------------------------------------------------------
def test_a_job_past_the_time_limit_is_killed_and_the_next_job_gets_a_fresh_worker():
    w = worker.Worker("test-time")
    try:
        start = time.monotonic()
        with pytest.raises(worker.WorkError) as caught:
            w.run(time.sleep, 30, time_limit=0.5)
        assert caught.value.reason == "time" and time.monotonic() - start < 10
        assert not w.running  # killed, not left computing
        assert w.run(sum, [1, 2, 3]) == 6
    finally:
        w.stop()


def test_a_job_whose_session_ended_is_stopped():
    w = worker.Worker("test-ended")
    ends = iter([True, True, False])
    try:
        with pytest.raises(worker.WorkError) as caught:
            w.run(time.sleep, 30, alive=lambda: next(ends, False))
        assert caught.value.reason == "stopped" and not w.running
    finally:
        w.stop()


def test_a_job_past_the_memory_bound_fails_with_memory(monkeypatch):
    monkeypatch.setattr(worker, "MEMORY_BYTES", 300 * 2**20)
    w = worker.Worker("test-memory")
    try:
        with pytest.raises(worker.WorkError) as caught:
            w.run(bytearray, 4 * 2**30)
        assert caught.value.reason == "memory"
    finally:
        w.stop()


def test_the_reaper_stops_the_workers_of_ended_sessions():
    key = "test-reaped"
    w = worker.worker_for(key)
    w.run(sum, [1])
    pid = w.process.pid
    assert pid in worker.live_workers()
    worker.stop_session(key)
    assert pid not in worker.live_workers() and not w.running


# ----- uploads -----------------------------------------------------------------------------------
def test_uploads_are_private_and_removed_with_their_session():
    key = "test-private"
    folder, name = uploads.store_table(key, "../../etc/clients.csv", b"client_id\n1\n")
    assert name == "clients.csv" and folder.parent == uploads.session_folder(key)
    for path in (uploads.upload_root(), folder.parent, folder):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600
    uploads.remove_session(key)
    assert not folder.parent.exists()


def test_session_folders_older_than_a_day_are_removed():
    root = uploads.upload_root()
    old = Path(root) / (uploads.SESSION_PREFIX + "old-test")
    old.mkdir(exist_ok=True)
    day_ago = time.time() - uploads.MAX_AGE_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    assert old in uploads.remove_old(root) and not old.exists()


@pytest.mark.parametrize("name", ["x" * 400 + ".csv", "a/b\\c.csv", "..", "\x00.csv", "отчёт 2024.CSV"])
def test_stored_names_are_plain_and_short(name):
    stored = uploads.safe_name(name)
    assert "/" not in stored and "\\" not in stored and "\x00" not in stored
    assert 0 < len(stored.encode()) <= 120 and stored not in ("..", ".")


# ----- the app ------------------------------------------------------------------------------------
def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def shown_text(at: AppTest) -> str:
    parts = [e.value for e in at.sidebar.error] + [e.value for e in at.error] + [str(e.value) for e in at.exception]
    return "\n".join(parts)


def upload(at: AppTest, name: str, data: bytes, key: str = "side.upload_scenario") -> AppTest:
    at.sidebar.file_uploader(key=key).upload(name, data, "application/octet-stream")
    return at.run()


@pytest.mark.parametrize("file", ["/proc/self/environ", "../../../../../../../../etc/passwd", "data/clients.csv"])
def test_hostile_table_paths_of_an_uploaded_scenario_give_a_plain_message(file):
    at = start()
    good = at.session_state["scenario"]
    text = DEFAULT.read_text(encoding="utf-8").replace("file: data/clients.csv", f"file: {file}")
    at = upload(at, "hostile.yaml", text.encode())
    message = shown_text(at)
    assert not at.exception
    assert "clients.file" in message
    for leak in LEAKS:
        assert leak not in message
    assert at.session_state["scenario"] == good


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("deep.yaml", b"schema_version: 1\nname: deep\nsegments: " + b"[" * 2000 + b"]" * 2000 + b"\n", "nested deeper"),
        ("huge.yaml", b"schema_version: 1\nname: huge\nsegments: []\nteam: {managers: [{id: a, hours: 1, count: 1"
         + b"0" * 5000 + b"}]}\n", "digits"),
        ("million.yaml", MILLION, "must be <= 10000"),
        ("markup.yaml", b"schema_version: 1\nname: '[bold red]x :x: **y**'\n'[/]': 1\nsegments: []\n", "[/]"),
    ],
)
def test_hostile_uploads_give_a_message_and_no_traceback(name, data, expected):
    at = upload(start(), name, data)
    message = shown_text(at)
    assert not at.exception, message
    assert expected in message.replace("\\", "")
    for leak in LEAKS:
        assert leak not in message


def test_a_rejected_table_upload_is_deleted_at_once():
    """A table that cannot be read is deleted at once (its problem shown on the Clients page);
    a readable one waits privately for its column mapping and is deleted when taken out of the
    uploader (planner/ui/mapping.py)."""
    at = start()
    root = uploads.upload_root()
    def mine() -> set:  # this test's uploads (other tests upload in parallel workers)
        return {p for p in root.rglob("*") if p.is_file() and p.name in ("bad.xlsx", "waits.csv")}

    before = mine()
    at = upload(at, "bad.xlsx", b"not a workbook", key="side.upload_table")
    at = at.switch_page("planner/ui/clients.py").run()
    assert "bad.xlsx" in shown_text(at)
    assert mine() == before
    at.sidebar.file_uploader(key="side.upload_table").clear()
    at.run()
    at = upload(at, "waits.csv", b"client_id;revenue_12m\n1;2\n", key="side.upload_table")
    assert "mapping.pending" in at.session_state  # its criteria's columns are not there: it waits
    assert mine() != before
    at.sidebar.file_uploader(key="side.upload_table").clear()
    at.run()
    assert mine() == before


def _report_progress(n: int, progress=None) -> int:
    for i in range(n):
        progress(i + 1, n)
    return n


def _refuse(path: str) -> None:
    from planner.errors import InputError, Problem

    raise InputError(Problem(path, "must be >= 0"), "upload.yaml")


def test_progress_and_the_planners_own_errors_cross_the_worker():
    from planner.errors import InputError

    w = worker.Worker("test-progress")
    seen = []
    try:
        assert w.run(_report_progress, 3, progress=lambda done, total: seen.append((done, total))) == 3
        assert seen == [(1, 3), (2, 3), (3, 3)]
        with pytest.raises(InputError) as caught:
            w.run(_refuse, "segments[0].clients")
        assert caught.value.problems[0].path == "segments[0].clients" and caught.value.source == "upload.yaml"
        assert w.running  # a user's mistake is no reason to restart the worker
    finally:
        w.stop()


def test_user_text_is_escaped_before_streamlit_renders_it_as_markdown():
    from planner.ui.markdown import md

    name = "**bold** :x: $x$ [a](http://e) <b>"
    text = MILLION.decode().replace("name: million", f"name: '{name}'").replace("max_count: 1000000", "max_count: 3")
    at = upload(start(), "named.yaml", text.encode())
    assert not at.exception and not at.sidebar.error, shown_text(at)
    rendered = [m.value for m in at.sidebar.markdown if "Working scenario" in m.value]
    assert rendered and md(name) in rendered[0]
    assert md(name) == "\\*\\*bold\\*\\* :\u200bx: \\$x\\$ \\[a]\\(http:\u200b//e) \\<b>"


def test_no_error_details_reach_the_browser():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] * 2**20 == uploads.MAX_TABLE_BYTES
    at = start()
    from streamlit import config as st_config

    assert st_config.get_option("client.showErrorDetails") == "none"  # set by app.py too
    assert not at.exception


def test_a_table_upload_with_a_delimiter_at_the_end_of_every_row_segments_as_without():
    table = (ROOT / "scenarios" / "data" / "clients.csv").read_bytes()
    lines = table.splitlines()[:400]
    trailing = b"\n".join(line + b"," for line in lines) + b"\n"
    at = upload(start(), "trailing.csv", trailing, key="side.upload_table")
    assert not at.exception and not at.sidebar.error, shown_text(at)
    prepared = at.session_state["scenario"]
    assert prepared.clients.file == "trailing.csv"
