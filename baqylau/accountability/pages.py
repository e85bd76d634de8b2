"""The recommendation page is drawn with sections that the apps built on accountability
contribute (the meetings that discussed it, say), as the campaign page is (`monitoring/pages.py`):
each registers when its app is ready; the page asks each for its context and includes its
template after the notices of the decision date."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    # (user, recommendation) -> the template context the section needs, in a query or two.
    context: Callable[..., dict]
    template: str


_sections: list[Section] = []


def register(section: Section) -> None:
    if section not in _sections:
        _sections.append(section)


def recommendation_context(user, recommendation) -> dict:
    context: dict = {"section_templates": []}
    for section in _sections:
        context.update(section.context(user, recommendation))
        context["section_templates"].append(section.template)
    return context
