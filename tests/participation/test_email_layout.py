"""Every email body of participation and accounts renders without doubled blank lines, with all
its optional parts and without them, in each language."""

from datetime import date
from pathlib import Path
from types import SimpleNamespace as Thing

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

TEMPLATES = Path(settings.BASE_DIR) / "baqylau" / "templates"
BODIES = sorted(
    f"{folder}/{path.name}"
    for folder in ("participation/emails", "accounts/email")
    for path in (TEMPLATES / folder).glob("*_body.txt")
)

BODY = Thing(name="Akimat of Pavlodar")
ITEM = Thing(pk=7, title="Broken roof", due_on=date(2026, 3, 6), days_late=3, days_left=2)
FULL = {
    "user": Thing(full_name="Carol Citizen"),
    "report": Thing(
        pk=7,
        title="Broken roof",
        description="Water comes through.",
        body=BODY,
        category=Thing(name="Schools"),
        due_on=date(2026, 3, 6),
    ),
    "event": Thing(
        text="We will fix it.",
        planned_on=date(2026, 4, 1),
        to_body=BODY,
        from_body=BODY,
        get_kind_display="in progress",
    ),
    "body": BODY,
    "late": [(ITEM, "https://baqylau.kz/a")],
    "soon": [(ITEM, "https://baqylau.kz/b")],
    "items": [Thing(text="An answer", link="https://baqylau.kz/c")] * 2,
    "item": Thing(text="An answer", link="https://baqylau.kz/c"),
    "followed": "School No. 5",
    "fixed_link": "https://baqylau.kz/fixed",
    "link": "https://baqylau.kz/link",
    "unsubscribe_link": "https://baqylau.kz/u",
    "unsubscribe_all_link": "https://baqylau.kz/ua",
    "site_url": "https://baqylau.kz",
    "uid": "MQ",
    "token": "abc-def",
    "valid_days": 3,
}
SPARSE = {
    **FULL,
    "user": Thing(full_name=""),
    "report": Thing(pk=7, title="Broken roof", description="Leaks.", body=None, category=None),
    "event": Thing(text="", planned_on=None, to_body=None, from_body=BODY),
    "late": [],
    "soon": [],
    "fixed_link": "",
}


def test_the_bodies_are_found():
    assert "accounts/email/notification_body.txt" in BODIES
    assert "participation/emails/answer_body.txt" in BODIES


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("context", [FULL, SPARSE], ids=["full", "sparse"])
@pytest.mark.parametrize("template", BODIES)
def test_an_email_body_has_no_doubled_blank_lines(template, context, language):
    with translation.override(language):
        body = render_to_string(template, context)
    assert "\n\n\n" not in body, body
    assert body.strip()
