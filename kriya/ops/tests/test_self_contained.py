"""Kriya runs from its own repository: nothing reads a path beside the checkout."""

import re
import subprocess

from django.conf import settings

# Split so that this file does not match itself.
FORBIDDEN = re.compile(
    "|".join(["\\.\\./" + "shared", "SHARED" + "_DATA_DIR", "BASE_DIR" + "\\.parent"])
)
# Prose may name the team's notes beside the repository; code, build and CI may not.
CHECKED = re.compile(
    r"(\.py|\.toml|\.cfg|\.ini|\.sh|\.ya?ml|\.html|\.txt|\.json|Makefile|\.ci/run)$"
)


def tracked_files() -> list[str]:
    listed = subprocess.run(  # noqa: S603
        ["git", "ls-files"],  # noqa: S607
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if listed.returncode == 0 and listed.stdout:
        return listed.stdout.splitlines()
    # A copy without .git (the CI's quick-start run): every file but the local ones.
    skip = {".venv", "var", ".git", "node_modules"}
    return [
        str(p.relative_to(settings.BASE_DIR))
        for p in settings.BASE_DIR.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(settings.BASE_DIR).parts)
    ]


def test_no_code_build_or_ci_file_reads_a_path_outside_the_repository():
    offenders = []
    for name in tracked_files():
        if not CHECKED.search(name):
            continue
        text = (settings.BASE_DIR / name).read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}: {m.group(0)}" for m in FORBIDDEN.finditer(text)]
    assert offenders == []


def test_the_reference_data_ships_inside_the_repository():
    base = settings.BASE_DIR.resolve()
    for path in (settings.KRIYA_REGIONS_CSV, settings.KRIYA_REFERENCE_YAML):
        assert path.resolve().is_relative_to(base)
        assert path.is_file()
        assert (path.parent / "README.md").is_file()
