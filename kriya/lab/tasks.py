"""Background work of the laboratory (django-tasks, enqueued on commit).

The one task, `render_report`, is defined beside the service it runs
(`services.render_report`), so that the services never import this module; it is
named here too, so that a task queued under this path before it moved still runs."""

from .services import render_report  # noqa: F401
