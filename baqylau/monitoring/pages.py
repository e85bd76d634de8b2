"""The campaign page is drawn from sections that the apps built on monitoring contribute.

Monitoring knows campaigns, teams, checklists and visits; what comes after (findings,
recommendations, the final document, and later hearings or followers) lives in apps that import
monitoring, never the other way round. Each such app registers its sections when it is ready
(`AppConfig.ready`); the campaign page asks every section for its context, in the order they were
registered, and includes their templates: the notices near the top, the sections after the visits.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    # (user, campaign, rights) -> the template context the section needs, in few queries.
    context: Callable[..., dict]
    templates: tuple[str, ...] = ()
    notice_template: str = ""
    # (the campaigns of a page of the list) -> {campaign id: [phrase, ...]}, in one query or
    # two: what each campaign's card says of it.
    card_lines: Callable[[list], dict] | None = None


_sections: list[Section] = []


def register(section: Section) -> None:
    if section not in _sections:
        _sections.append(section)


def campaign_context(user, campaign, rights) -> dict:
    context = {"section_templates": [], "section_notices": []}
    for section in _sections:
        context.update(section.context(user, campaign, rights))
        context["section_templates"].extend(section.templates)
        if section.notice_template:
            context["section_notices"].append(section.notice_template)
    return context


def card_lines(campaigns: list) -> dict[int, list[str]]:
    """What the sections say of each campaign of a page of the list, by campaign id."""
    lines: dict[int, list[str]] = {}
    for section in _sections:
        if section.card_lines is not None and campaigns:
            for pk, phrases in section.card_lines(campaigns).items():
                lines.setdefault(pk, []).extend(phrases)
    return lines
