"""The form renderer writes the common widgets in Python exactly as Django's templates
would (kriya.core.form_renderer); everything else still goes through the templates."""

import datetime as dt

import pytest
from django import forms
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from kriya.core.form_renderer import WidgetRenderer

TRICKY = "Batik <\"Tulis\"> & 'cap'"


class EveryWidget(forms.Form):
    name = forms.CharField(label=TRICKY, max_length=20, help_text="bantuan")
    email = forms.EmailField(required=False)
    amount = forms.IntegerField(min_value=0, initial=0)
    price = forms.DecimalField(required=False, decimal_places=2)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    site = forms.URLField(required=False, assume_scheme="https")
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    day = forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    token = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    flag = forms.BooleanField(widget=forms.CheckboxInput(attrs={"data-x": mark_safe("a&amp;b")}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "disabled": True}))
    kind = forms.ChoiceField(choices=[("", "—"), ("a", TRICKY), (3, 1234567), ("x", "X")])
    grouped = forms.ChoiceField(
        choices=[("", "Semua"), ("Jawa <Timur>", [("35.13", "Probolinggo"), ("35.74", "Kota")])]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    upload = forms.FileField(required=False)
    document = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    pick = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, required=False
    )
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autofocus": True}))


DATA = {
    "name": TRICKY,
    "email": "x@y",
    "amount": "-1",
    "secret": "s&<",
    "phone": "+62 812",
    "day": "2026-12-03",
    "token": '"quoted"',
    "agree": "on",
    "notes": "Baris satu\n<b>dua</b>",
    "kind": "3",
    "grouped": "35.74",
    "many": ["a", "c"],
    "pick": "b",
    "search": "batik",
}


def both(form_class, **kwargs):
    fast = form_class(renderer=WidgetRenderer(), **kwargs)
    slow = form_class(renderer=DjangoTemplates(), **kwargs)
    return [(str(fast[name]), str(slow[name]), name) for name in fast.fields]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": DATA},
        {"data": {}},
        {"initial": {"name": "Awal", "day": dt.date(2026, 1, 2), "kind": "a", "agree": True}},
        {"auto_id": False, "data": DATA},
        {"prefix": "p", "initial": {"notes": "", "when": dt.datetime(2026, 1, 2, 3, 4)}},
        {"initial": {"document": FieldFile(None, FileField(name="f"), "dokumen/a <b>.pdf")}},
    ],
)
def test_every_widget_renders_as_djangos_templates_do(kwargs, language):
    with translation.override(language):
        for fast, slow, name in both(EveryWidget, **kwargs):
            assert fast == slow, name


def test_the_settings_use_it():
    assert isinstance(EveryWidget().renderer, WidgetRenderer)


def test_inputs_selects_and_textareas_need_no_template(monkeypatch):
    def no_template(self, name):
        raise AssertionError(name)

    monkeypatch.setattr(WidgetRenderer, "get_template", no_template)
    form = EveryWidget(data=DATA, renderer=WidgetRenderer())
    for name in ("name", "day", "token", "agree", "notes", "kind", "grouped", "many", "document"):
        assert str(form[name])
    with pytest.raises(AssertionError, match="radio"):
        str(form["pick"])
