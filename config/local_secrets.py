"""Secrets kept in files under var/ for a single-machine install (`make run`).

Generated once, mode 0600, and reused: the Django secret key (sessions, password
reset links) and the signing-key secret (seals the document signing keys at rest, see
kriya/verify/keystore.py). An environment variable always wins over the file, so a
deployment that manages its own secrets never reads or writes these files.
Django-free: config/settings.py reads them before Django is set up."""

import os
import secrets
from pathlib import Path

# setting / environment variable → file name under VAR_DIR
FILES = {"KRIYA_SECRET_KEY": "secret_key", "KRIYA_SIGNING_KEY_SECRET": "signing_key_secret"}


def read_secret(path: Path) -> str:
    """The secret in `path`, or "" when there is no such file."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


def resolve(name: str, var_dir: Path) -> str:
    """The environment variable `name`, else its file under `var_dir`, else ""."""
    return os.environ.get(name) or read_secret(var_dir / FILES[name])


def ensure_secret(path: Path) -> bool:
    """Create `path` with a new random secret (mode 0600) unless it exists; True when
    created. Exclusive creation, so two starts at once keep one secret."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_urlsafe(50) + "\n")
    return True


def ensure_local_secrets(var_dir: Path) -> list[Path]:
    """Create the secret files that the environment does not replace; return the ones
    created now."""
    created = []
    for name, filename in FILES.items():
        if not os.environ.get(name) and ensure_secret(var_dir / filename):
            created.append(var_dir / filename)
    return created
