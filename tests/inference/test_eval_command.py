"""`wiretable eval`: figures on good input, one-line errors on bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.inference.regen_golden import GOLDEN
from wiretable.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_eval_prints_the_figures() -> None:
    result = runner.invoke(app, ["eval", str(GOLDEN / "petstore.har"), str(GOLDEN / "petstore.truth.json")])
    assert result.exit_code == 0, result.output
    assert "foreign keys" in result.output and "primary keys" in result.output


def test_eval_json_matches_the_scorer_keys() -> None:
    result = runner.invoke(app, ["eval", str(GOLDEN / "demo.jsonl"), str(GOLDEN / "demo.truth.json"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["tables_f1"] == 1.0 and figures["n_tables_true"] == 10


@pytest.mark.parametrize(("traffic", "truth", "message"), [
    ("missing.har", "demo.truth.json", "no such file"),
    ("demo.jsonl", "missing.truth.json", "cannot read"),
    ("demo.jsonl", "not-json.json", "is not valid JSON"),
    ("demo.jsonl", "no-tables.json", "is not a schema document"),
    ("garbage.har", "demo.truth.json", "not a valid HAR file"),
    ("empty.jsonl", "demo.truth.json", "no JSON API responses"),
])
def test_eval_bad_input_is_one_line_and_exit_1(tmp_path: Path, traffic: str, truth: str, message: str) -> None:
    (tmp_path / "not-json.json").write_text("{tables")
    (tmp_path / "no-tables.json").write_text('{"tables": 3}')
    (tmp_path / "garbage.har").write_text("hello")
    (tmp_path / "empty.jsonl").write_text("")
    for name in ("demo.jsonl", "demo.truth.json"):
        (tmp_path / name).write_bytes((GOLDEN / name).read_bytes())
    result = runner.invoke(app, ["eval", str(tmp_path / traffic), str(tmp_path / truth)])
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def _case_folder(tmp_path: Path) -> Path:
    """One sub-folder case and one flat pair, copied from the golden cases."""
    folder = tmp_path / "cases"
    (folder / "petstore").mkdir(parents=True)
    (folder / "petstore" / "traffic.har").write_bytes((GOLDEN / "petstore.har").read_bytes())
    (folder / "petstore" / "truth.json").write_bytes((GOLDEN / "petstore.truth.json").read_bytes())
    for name in ("demo.jsonl", "demo.truth.json"):
        (folder / name).write_bytes((GOLDEN / name).read_bytes())
    return folder


def test_eval_folder_prints_each_case_and_the_mean(tmp_path: Path) -> None:
    folder = _case_folder(tmp_path)
    result = runner.invoke(app, ["eval", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["case", "demo", "petstore", "mean"]
    single = json.loads(runner.invoke(app, ["eval", str(GOLDEN / "demo.jsonl"), str(GOLDEN / "demo.truth.json"),
                                            "--json"]).output)
    figures = json.loads(runner.invoke(app, ["eval", str(folder), "--json"]).output)
    assert figures["cases"]["demo"] == single
    expected_mean = (single["null_acc"] + figures["cases"]["petstore"]["null_acc"]) / 2
    assert figures["mean"]["null_acc"] == pytest.approx(expected_mean)


def test_eval_folder_lists_a_broken_case_and_exits_1(tmp_path: Path) -> None:
    folder = _case_folder(tmp_path)
    (folder / "broken").mkdir()
    (folder / "broken" / "traffic.har").write_text("hello")
    (folder / "broken" / "truth.json").write_bytes((GOLDEN / "demo.truth.json").read_bytes())
    result = runner.invoke(app, ["eval", str(folder)])
    assert result.exit_code == 1
    assert "broken" in result.output and "not a valid HAR file" in result.output and "Traceback" not in result.output


def test_eval_folder_scores_a_capture_with_nothing_to_infer_as_an_empty_schema(tmp_path: Path) -> None:
    folder = _case_folder(tmp_path)
    (folder / "quiet").mkdir()
    (folder / "quiet" / "traffic.jsonl").write_text("")
    (folder / "quiet" / "truth.json").write_bytes((GOLDEN / "demo.truth.json").read_bytes())
    result = runner.invoke(app, ["eval", str(folder)])
    assert result.exit_code == 0, result.output
    quiet = next(line for line in result.output.splitlines() if line.startswith("quiet"))
    assert quiet.split()[1:3] == ["0.000", "0.000"]  # tables and columns F1
    assert "nothing inferred: no JSON API responses" in quiet
    figures = json.loads(runner.invoke(app, ["eval", str(folder), "--json"]).output)
    cases = figures["cases"]
    assert figures["mean"]["tables_f1"] == pytest.approx(
        (cases["demo"]["tables_f1"] + cases["petstore"]["tables_f1"]) / 3)


@pytest.mark.parametrize(("args", "message"), [
    (["empty"], "no cases in"),
    (["empty", "x.truth.json"], "takes no TRUTH"),
    ([str(GOLDEN / "demo.jsonl")], "TRUTH is required"),
])
def test_eval_folder_misuse_is_an_error(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    args = [str(tmp_path / a) if a == "empty" else a for a in args]
    result = runner.invoke(app, ["eval", *args])
    assert result.exit_code != 0
    assert message in result.output


SCORER = next((p / "shared" / "eval" / "score.py" for p in ROOT.parents
               if (p / "shared" / "eval" / "score.py").is_file()), ROOT.parent / "shared" / "eval" / "score.py")


@pytest.mark.skipif(not SCORER.is_file(), reason="the evaluation set's scorer is not beside the project")
def test_eval_agrees_with_the_evaluation_scorer(tmp_path: Path) -> None:
    """Every golden case: the figures of `wiretable eval` equal those of shared/eval/score.py."""
    import subprocess
    import sys

    from tests.inference.regen_golden import cases

    for case in cases():
        truth = case.with_name(case.stem + ".truth.json")
        ours = json.loads(runner.invoke(app, ["eval", str(case), str(truth), "--json"]).output)
        inferred = tmp_path / f"{case.stem}.schema.json"
        from capture.har import iter_traffic
        from inference import infer_schema
        inferred.write_text(infer_schema(iter_traffic(case), name=case.stem).model_dump_json())
        out = subprocess.run([sys.executable, str(SCORER), str(truth), str(inferred), "--json"],
                             capture_output=True, text=True, check=True).stdout
        theirs = json.loads(out)
        for key in ("tables_f1", "cols_f1", "type_acc", "null_acc", "pk_acc", "fk_f1"):
            assert ours[key] == pytest.approx(theirs[key]), (case.stem, key)
