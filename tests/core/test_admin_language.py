"""The back office in Kazakh: every app has a translated name, and the Django admin's texts that
its Kazakh catalogue gets wrong or lacks are in the project's catalogue
(baqylau/core/admin_texts.py)."""

import ast
import re
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from baqylau.core import admin_texts

CONTRIB = Path(django.__file__).parent / "contrib"
# The apps whose msgids the module may list (the background tasks' model names come from their app).
SOURCES = ("admin", "auth")
TASKS = {"Task Result", "Task Results"}


def django_msgids() -> set[str]:
    """The msgids of Django's English catalogues of the admin and auth apps."""
    ids = set()
    for app in SOURCES:
        text = (CONTRIB / app / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
        for block in re.findall(r'^msgid(?:_plural)? ((?:".*"\n)+)', text, re.M):
            ids.add("".join(ast.literal_eval(line) for line in block.splitlines()))
    return ids


def test_the_listed_texts_are_exactly_djangos():
    known = django_msgids() | TASKS
    listed = set(admin_texts.TEXTS)
    for plural in admin_texts.PLURALS:
        listed |= {plural._kw["singular"], plural._kw["plural"]}  # ngettext_lazy's two forms
    assert listed - known == set()
    assert "Change" in listed and "Recent actions" in listed


def test_every_app_in_the_back_office_has_a_translatable_name():
    ours = [c for c in apps.get_app_configs() if c.name.startswith("baqylau.")]
    assert len(ours) == 16
    for config in [*ours, apps.get_app_config("django_tasks_database")]:
        assert isinstance(config.verbose_name, Promise), config.name


CORRECTED = {
    "Change": "Өзгерту",
    "Change %s": "%s өзгерту",
    "Django administration": "Django әкімшілігі",
    "Select %s to change": "Өзгерту үшін %s таңдаңыз",
    "Recent actions": "Соңғы әрекеттер",
    "My actions": "Менің әрекеттерім",
    "View site": "Сайтты ашу",
    "View": "Қарау",
    "Show counts": "Санын көрсету",
    "Start typing to filter…": "Сүзу үшін теріңіз…",
    "Authentication and Authorization": "Аутентификация және авторизация",
}


@pytest.mark.django_db
def test_the_back_office_speaks_correct_kazakh(client, root):
    with translation.override("kk"):
        for msgid, kazakh in CORRECTED.items():
            assert gettext(msgid) == kazakh
        assert ngettext("%(total_count)s selected", "All %(total_count)s selected", 2) == (
            "Барлығы %(total_count)s таңдалды"
        )
    client.force_login(root)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    for wrong in (
        "Даңғо",
        "Өзгетру",
        "Recent actions",
        "View site",
        ">Accounts<",
        "Tasks Database",
    ):
        assert wrong not in html
