"""The main command stays light: it never imports the libraries that dominate a cold start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Run `contradict analyze` in a fresh interpreter, then list the top-level packages it loaded.
_PROBE = """
import json, runpy, sys
sys.argv = ["contradict", "analyze", sys.argv[1], "--subject", "Jeff Sessions", "--format", "json"]
try:
    runpy.run_module("contradict", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print(json.dumps({"exit": code, "modules": sorted({name.split(".")[0] for name in sys.modules})}), file=sys.stderr)
"""


@pytest.mark.shipped_model
def test_analyze_loads_neither_transformers_nor_sklearn():
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(REPO / "examples" / "sessions-kislyak.txt")],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    probe = json.loads(proc.stderr.strip().splitlines()[-1])
    assert probe["exit"] in (0, None), proc.stderr
    assert json.loads(proc.stdout)["findings"], "the example has findings"
    heavy = {"transformers", "sentence_transformers", "sklearn", "scipy", "matplotlib", "pyarrow", "ray"}
    assert heavy.isdisjoint(probe["modules"]), sorted(heavy & set(probe["modules"]))


def test_importing_the_package_loads_no_model_library():
    probe = "import sys, contradict, contradict.cli; print(sorted({'torch', 'transformers', 'tokenizers'} & set(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"  # reading commands (extract, --help) start in a blink
