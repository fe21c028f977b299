"""The ``wiretable`` executable: ``infer`` on a large HAR starts reading before the command line
loads, the command takes that reading process over, and nothing is left behind however the
command ends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from capture import har_fast
from capture.har import iter_har_for_inference
from inference import infer_schema
from inference.endpoints import wants_body
from tests.factories import child_pids, make_shop_har
from wiretable import launch
from wiretable.cli import app

WIRETABLE = str(Path(sys.executable).with_name("wiretable"))


@pytest.mark.parametrize(("args", "expected"), [
    (["infer", "a.har"], "a.har"),
    (["infer", "A.HAR", "-o", "s.json"], "A.HAR"),
    (["infer", "-o", "x.har", "a.har"], "a.har"),
    (["infer", "-os.json", "a.har"], "a.har"),
    (["infer", "--output=s.json", "--name", "shop", "--llm", "a.har"], "a.har"),
    (["infer", "a.har", "--llm-log", "log.har"], "a.har"),
    (["infer", "traffic.jsonl"], None),
    (["infer"], None),
    (["infer", "a.har", "b.har"], None),
    (["infer", "a.har", "--help"], None),
    (["infer", "a.har", "--unknown"], None),
    (["infer", "a.har", "-x"], None),
    (["infer", "a.har", "-o"], None),
    (["infer", "--", "a.har"], None),
    (["eval", "a.har", "t.json"], None),
    ([], None),
])
def test_the_har_of_an_infer_command_line(args: list[str], expected: str | None) -> None:
    assert launch.infer_har_argument(args) == expected


def test_the_launcher_knows_every_option_of_infer() -> None:
    command = typer.main.get_command(app)
    infer = command.commands["infer"]  # type: ignore[attr-defined]
    value_options: set[str] = set()
    flags: set[str] = set()
    for param in infer.params:
        if param.param_type_name != "option":
            continue
        names = {*param.opts, *param.secondary_opts}
        (flags if param.is_flag else value_options).update(names)
    assert value_options == launch.INFER_VALUE_OPTIONS
    assert flags == launch.INFER_FLAGS


@pytest.fixture(scope="module")
def shop_har(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5 MB capture of the benchmark's shop: large enough to be read in two processes."""
    path = make_shop_har(tmp_path_factory.mktemp("launch") / "shop.har", 5)
    assert path.stat().st_size >= har_fast.PARALLEL_MIN_BYTES
    return path


@pytest.fixture(scope="module")
def expected(shop_har: Path) -> dict[str, Any]:
    schema: dict[str, Any] = infer_schema(iter_har_for_inference(shop_har, wants_body), name="shop").model_dump(
        mode="json")
    return schema


class _Exited(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _launch(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[int, list[Path]]:
    """Run the executable's ``main`` in this process: its exit status and the files forks read."""
    forked: list[Path] = []
    fork = har_fast._fork_reader

    def counted(path: Path, *rest: Any) -> Any:
        forked.append(path)
        return fork(path, *rest)

    def exit_here(code: int) -> None:
        raise _Exited(code)

    monkeypatch.setattr(har_fast, "_fork_reader", counted)
    monkeypatch.setattr(launch, "_quick_exit", exit_here)
    monkeypatch.setattr(sys, "argv", ["wiretable", *args])
    with pytest.raises(_Exited) as info:
        launch.main()
    return info.value.code, forked


def test_infer_takes_over_the_reading_process_started_first(monkeypatch: pytest.MonkeyPatch, shop_har: Path,
                                                            expected: dict[str, Any], tmp_path: Path) -> None:
    before = child_pids()
    out = tmp_path / "s.json"
    code, forked = _launch(monkeypatch, ["infer", str(shop_har), "-o", str(out), "--name", "shop"])
    assert code == 0
    assert forked == [shop_har]  # started once, before the command line loaded; not again
    assert json.loads(out.read_text()) == expected
    assert child_pids() == before


def test_a_command_line_rejected_after_the_start_leaves_no_reading_process(
        monkeypatch: pytest.MonkeyPatch, shop_har: Path) -> None:
    # The launcher reads arguments more loosely than Typer could only through a mistake; if it
    # ever starts reading for a line that Typer then rejects, the process is stopped.
    monkeypatch.setattr(launch, "infer_har_argument", lambda args: str(shop_har))
    before = child_pids()
    code, forked = _launch(monkeypatch, ["infer", str(shop_har), "--no-such-option"])
    assert code == 2
    assert forked == [shop_har]
    assert child_pids() == before


def test_the_executable_infers_a_large_har(shop_har: Path, expected: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = subprocess.run([WIRETABLE, "infer", str(shop_har), "-o", str(out), "--name", "shop"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("inferred ")
    assert json.loads(out.read_text()) == expected
    # To stdout as well: everything written is flushed before the process ends.
    result = subprocess.run([WIRETABLE, "infer", str(shop_har), "--name", "shop"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert json.loads(result.stdout) == expected


def test_the_executable_reports_a_usage_error(shop_har: Path) -> None:
    result = subprocess.run([WIRETABLE, "infer", str(shop_har), "--no-such-option"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "No such option" in result.stderr and "Traceback" not in result.stderr
