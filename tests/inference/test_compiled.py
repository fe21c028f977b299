"""Inference compiled with mypyc (``wiretable.compiled``) gives what its Python modules give.

``make test`` builds the compiled modules first (``make compiled``); these tests skip, saying so, when
the build is missing or older than the sources (``python -m wiretable.mypyc_build``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.inference.compiled_runs import RANDOM, compiled_in_use, outcomes, random_outcomes
from wiretable import compiled

pytestmark = pytest.mark.skipif(not compiled.stamp_matches(),
                                reason="no compiled build of the current sources (make compiled)")


def _compiled_env() -> dict[str, str]:
    return {**os.environ, "WIRETABLE_COMPILED": "1", "PYTHONPATH": str(ROOT)}


def test_the_suite_runs_the_python_modules() -> None:
    assert not compiled_in_use()


def test_compiled_and_python_modules_give_the_same_schemas_and_errors(tmp_path: Path) -> None:
    """Every stored capture (corpus, golden cases, the dev set when beside), every hostile traffic
    file and random traffic (edge values of every type at random places): the same schema, byte for
    byte, or the same error."""
    done = subprocess.run([sys.executable, "-m", "tests.inference.compiled_runs", str(tmp_path)],
                          cwd=ROOT, env=_compiled_env(), capture_output=True, text=True, timeout=1200, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout)
    assert got["compiled"] is True
    expected = {**outcomes(tmp_path), **random_outcomes(RANDOM)}  # the same files: errors name them
    assert len(expected) > 150 + RANDOM
    different = sorted(name for name in expected if got["outcomes"].get(name) != expected[name])
    assert not different, f"{len(different)} inputs differ, the first: {different[:5]}"
    assert set(got["outcomes"]) == set(expected)


def test_the_general_rule_tests_pass_compiled() -> None:
    """The generated cases of every inference rule, run against the compiled modules."""
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "inference").glob("test_general_rules*.py"))
    check = "import inference.entities as e, sys; sys.exit(e.__file__.endswith('.py'))"
    done = subprocess.run([sys.executable, "-c", f"import wiretable; {check}"], cwd=ROOT, env=_compiled_env(),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, "the compiled modules were not put in place"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                          cwd=ROOT, env=_compiled_env(), capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_redaction_tests_pass_compiled() -> None:
    """The kernel's redaction is compiled with inference: its tests, run against the compiled modules."""
    tests = ["tests/capture/test_redact.py", "tests/capture/test_redact_fast.py", "tests/capture/test_value_secrets.py",
             "tests/capture/test_pseudonyms.py", "tests/capture_har/test_body_redactor.py"]
    check = ("import kernel.body_redactor as b, kernel.redact as r, sys; "
             "sys.exit(b.__file__.endswith('.py') or r.__file__.endswith('.py'))")
    done = subprocess.run([sys.executable, "-c", f"import wiretable; {check}"], cwd=ROOT, env=_compiled_env(),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, "the compiled redaction was not put in place"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
                          cwd=ROOT, env=_compiled_env(), capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stdout[-3000:]


def test_modules_imported_before_leave_every_module_python() -> None:
    """A compiled module calls the others' functions directly: when one of them was imported (as Python) before
    the build could be put in place, none is."""
    probe = ("import sys, kernel.redact, wiretable, inference.entities as e, kernel.body_redactor as b; "
             "sys.exit(not (e.__file__.endswith('.py') and b.__file__.endswith('.py')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_compiled_env(), capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_stale_build_is_not_used(tmp_path: Path) -> None:
    """An edited source makes the build stale: the Python modules run."""
    root = tmp_path / "tree"
    (root / "inference").mkdir(parents=True)
    (root / "inference" / "a.py").write_text("x = 1\n")
    build = tmp_path / "build"
    build.mkdir()
    (build / compiled.STAMP).write_text(json.dumps({"suffix": compiled.SUFFIX, "sources": compiled.digests(root)}))
    assert compiled.stamp_matches(build, root)
    (root / "inference" / "a.py").write_text("x = 2\n")
    assert not compiled.stamp_matches(build, root)
    assert not compiled.stamp_matches(tmp_path / "nothing", root)


def test_the_command_run_from_another_folder_runs_the_compiled_modules(tmp_path: Path) -> None:
    """The ``wiretable`` command of the environment, run from any folder (the project found by its editable
    install, not on the import path): the compiled modules load, and ``inference`` stays the project's package."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WIRETABLE_COMPILED")}
    probe = ("import wiretable, inference, inference.entities as e; from inference import infer_schema; "
             "print(wiretable.__file__); print(e.__file__)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    installed, entities = done.stdout.split()
    if not Path(installed).is_relative_to(ROOT):
        pytest.skip(f"the environment's wiretable is another tree ({installed})")
    assert entities.endswith(compiled.SUFFIX), entities
    traffic = ROOT / "tests" / "inference" / "golden" / "dummyjson.har"
    done = subprocess.run([str(Path(sys.executable).parent / "wiretable"), "infer", str(traffic), "-o", "s.json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads((tmp_path / "s.json").read_text())["tables"]
