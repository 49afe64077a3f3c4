"""Django's form renderer, with the common widgets written out in Python.

Django renders every widget through a template, and a `<select>` through one more
template per `<option>`: on a logged-in page with a few small forms that was several
milliseconds of a 50 ms budget (issue 14 item 9, docs/performance.md). This renderer
produces the same HTML as Django's own templates for `<input>` (every input type),
`<select>` with its options and `<textarea>`, and hands everything else (radio and
checkbox lists, a file input showing its current file, multi-widgets, the admin's widgets, the
form and field templates) to Django's templates as before. A test renders every kind of
widget both ways and compares (kriya/core/tests/test_form_renderer.py).
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

_WIDGETS = "django/forms/widgets/"
_INPUT_TYPES = [
    *("input", "checkbox", "color", "date", "datetime", "email", "file", "hidden"),
    *("number", "password", "search", "tel", "text", "time", "url"),
]
_OPTION = f"{_WIDGETS}select_option.html"


class _Unsupported(Exception):
    """A value this module does not format exactly as the template would."""


def _text(value) -> str:
    """`{{ value }}`: localized, then escaped unless already safe."""
    if isinstance(value, str | Promise | int) and not isinstance(value, bool):
        value = localize(value)
        return conditional_escape(value if isinstance(value, str) else str(value))
    raise _Unsupported


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: str(), kept safe if it was, then escaped."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    # As the filter (is_safe=True): what was safe stays so; nothing new becomes safe.
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}")
        if value is not True:
            out.append(f'="{_formatted(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _file(widget: dict) -> str:
    """django/forms/widgets/clearable_file_input.html without a current file."""
    if widget.get("is_initial"):
        raise _Unsupported
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
    )


def _select(widget: dict) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                raise _Unsupported
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


_IN_PYTHON = {f"{_WIDGETS}{name}.html": _input for name in _INPUT_TYPES} | {
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}clearable_file_input.html": _file,
}


class WidgetRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Python for the common widgets, templates for the rest."""

    def render(self, template_name, context, request=None):
        write = _IN_PYTHON.get(template_name)
        if write is not None and "widget" in context:
            try:
                return write(context["widget"]).strip()
            except _Unsupported:
                pass
        return super().render(template_name, context, request)
