"""The layer rule (pyproject's `[tool.importlinter]`): apps import only from the layers
below them. `make test` runs `lint-imports`; these tests prove the contract can fail."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_code(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "aposbook", tree / "aposbook", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_code_keeps_the_layers(tmp_path) -> None:
    result = lint_imports(copy_of_the_code(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Imports point down the layers KEPT" in result.stdout


def test_an_upward_import_breaks_the_build(tmp_path) -> None:
    tree = copy_of_the_code(tmp_path)
    # The library reaching up into reviews: what the topic pages once did.
    forms = tree / "aposbook" / "library" / "forms.py"
    forms.write_text(forms.read_text() + "\nfrom aposbook.reviews import models as _reviews\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "Imports point down the layers BROKEN" in result.stdout
    assert "aposbook.library.forms -> aposbook.reviews.models" in result.stdout
