"""The reference data shipped with Kriya (`kriya/core/data/reference.yaml`): services,
standards, schemes, fees, certificate validity and the first deployment's region facts,
each with its public source and `verified: false` where no source confirmed it.

One loader for every app that reads it (desk catalogue, lab, certification, registry
sizing, showcase destinations). `settings.KRIYA_REFERENCE_YAML` may point at another
copy (environment variable of the same name)."""

from pathlib import Path

import yaml
from django.conf import settings


def reference_path() -> Path:
    return Path(settings.KRIYA_REFERENCE_YAML)


def load_reference(path: Path | str | None = None) -> dict:
    """The parsed reference file (`path`, or the configured one). Raises
    FileNotFoundError when the file is not there."""
    with Path(path or reference_path()).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}
