"""The import contracts of pyproject.toml (import-linter): no arrow up the layers and no
circle, between apps or between the modules of one app. Each test that breaks a
contract does so in a copy of the code (Python files only), never in the checkout."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own venv's script, fixed arguments)
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copy(tmp_path):
    """A copy of the kriya package (its Python files) and pyproject.toml."""

    def only_python(folder, names):
        def skipped(name):
            if (Path(folder) / name).is_dir():
                return name in ("__pycache__", "locale", "templates", "static")
            return not name.endswith(".py")

        return [name for name in names if skipped(name)]

    shutil.copytree(ROOT / "kriya", tmp_path / "kriya", ignore=only_python)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(root: Path, module: str, line: str) -> None:
    """Append a function to `module` that imports `line` when called: an import inside
    a function is an import all the same."""
    path = root / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n\ndef _added():\n    {line}\n")


def test_the_code_keeps_every_import_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_unchanged_copy_keeps_every_contract(copy):
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_up_the_layers_breaks_the_layers_contract(copy):
    # The registry sits below certification: it may not ask certification anything.
    add_import(copy, "kriya.registry.normalize", "from kriya.certification import queries")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "kriya.registry is not allowed to import kriya.certification" in result.stdout
    assert "kriya.registry.normalize -> kriya.certification.queries" in result.stdout


def test_core_importing_an_app_above_it_breaks_the_layers_contract(copy):
    add_import(copy, "kriya.core.management.commands.seed", "from kriya.desk import demo")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "kriya.core is not allowed to import kriya.desk" in result.stdout


def test_a_circle_between_two_modules_of_an_app_breaks_the_acyclic_contract(copy):
    # tasks.py runs the services; a service importing tasks closes a circle.
    add_import(copy, "kriya.desk.services", "from . import tasks")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "No cycles are allowed in kriya.desk." in result.stdout


def test_two_peers_importing_each_other_break_the_acyclic_contract(copy):
    # registry and verify share a layer: either may import the other, not both.
    add_import(copy, "kriya.registry.normalize", "from kriya.verify import payload")
    assert lint_imports(copy).returncode == 0
    add_import(copy, "kriya.verify.queries", "from kriya.registry import models")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "No cycles are allowed in kriya." in result.stdout


def test_the_audit_trail_may_not_import_an_app(copy):
    add_import(copy, "kriya.core.audit", "from kriya.accounts import models")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "The audit trail imports no app" in result.stdout
