"""Peer tools that open a HAR wiretable wrote: har-validator (npm, the HAR 1.2 JSON Schema) and
mitmproxy's own HAR reader (``mitmproxy.io.FlowReader``, in the capture proxy's environment)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "tools" / "node_modules" / "har-validator"
MITM_PYTHON = ROOT / ".venv-mitm" / "bin" / "python"

_VALIDATE = """
const fs = require("fs");
const validate = require(process.argv[2]);
validate.har(JSON.parse(fs.readFileSync(process.argv[1], "utf8")))
  .then(() => console.log("valid"))
  .catch((e) => { console.log(JSON.stringify(e.errors || String(e))); process.exit(1); });
"""

_READ = """
import json, sys
from mitmproxy import io
with open(sys.argv[1], "rb") as f:
    flows = list(io.FlowReader(f).stream())
print(json.dumps([[f.request.method, f.request.url, f.response.status_code,
                   f.request.get_text(strict=False) or "", f.response.get_text(strict=False) or ""]
                  for f in flows]))
"""


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed: run `make setup`")
    pytest.skip(f"{what} is not installed (make setup installs it)")


def har_validator_errors(path: Path) -> str | None:
    """None when har-validator accepts the file, else its complaint."""
    if shutil.which("node") is None or not VALIDATOR.exists():
        _missing("har-validator (tools/node_modules)")
    done = subprocess.run(["node", "-e", _VALIDATE, str(path), str(VALIDATOR)], capture_output=True, text=True,
                          timeout=120)
    return None if done.returncode == 0 and done.stdout.strip() == "valid" else done.stdout + done.stderr


def mitmproxy_flows(path: Path) -> list[list[object]]:
    """[method, url, status, request text, response text] of each flow mitmproxy reads from the HAR."""
    if not MITM_PYTHON.exists():
        _missing("mitmproxy (.venv-mitm)")
    done = subprocess.run([str(MITM_PYTHON), "-c", _READ, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    flows: list[list[object]] = json.loads(done.stdout)
    return flows
