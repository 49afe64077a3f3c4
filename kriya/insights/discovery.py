"""Each app adds its own indicators, dashboards and datasets in a module of that name
(`<app>/indicators.py`, `dashboards.py`, `opendata.py`) calling insights' `register()`;
they are imported here on first use, once per process, the way the admin finds
`admin.py` (Django's `autodiscover_modules`)."""

from django.utils.module_loading import autodiscover_modules

_done: set[str] = set()


def discover(module: str) -> None:
    if module not in _done:
        autodiscover_modules(module)
        _done.add(module)
