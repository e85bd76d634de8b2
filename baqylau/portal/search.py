"""One search over the whole platform: what the public may see of every app, grouped by kind.

A query is read by `core.search` (endings, Latin and Cyrillic spellings, stems).

Ranking, best first: the query word as a whole word of the title, then where a word of the title
begins, then inside a word of the title, then a stem where a word of the title begins, then a stem
inside one, then a match in the rest of the text. On PostgreSQL the title's
trigram similarity to the query (pg_trgm) and the full-text rank of the texts in the "russian"
configuration (which stems Russian properly) are added, and both also find records the stems
missed (a typo, a Russian form the endings do not cover). PostgreSQL has no Kazakh stemmer:
Kazakh relies on the stems.

SQLite's LIKE ignores case for ASCII letters only: texts kept case-folded (`search_text`) are
searched with the case-folded stem, the others with the stem as it is, Capitalised and in CAPITALS.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Value, When, Window
from django.db.models.functions import Cast, Greatest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baqylau.accountability.selectors import published_findings, published_recommendations
from baqylau.core.languages import translated_fields
from baqylau.core.permissions import visible
from baqylau.core.search import (
    Term,
    kazakh_folded,
    query_terms,
    stem_lookups,
    word_start_lookups,
)
from baqylau.inforequests.models import InformationRequest
from baqylau.monitoring.models import Campaign
from baqylau.participation.report_selectors import public_reports
from baqylau.registry.models import Indicator, Organisation, PlanningDocument, ProjectObject

PER_KIND = 5
ONE_KIND = 50


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _contains(fields: tuple[str, ...], folded: bool, text: str, lookup: str = "contains") -> Q:
    if folded:
        spellings = {text}
    elif _on_postgresql():
        return reduce(or_, (Q(**{f"{name}__i{lookup}": text}) for name in fields))
    else:
        spellings = {text, text.capitalize(), text.upper()}
    return reduce(
        or_, (Q(**{f"{name}__{lookup}": spelling}) for name in fields for spelling in spellings)
    )


def _found(fields: tuple[str, ...], folded: bool, stem: str) -> Q:
    return reduce(
        or_, (_contains(fields, folded, value, lookup) for lookup, value in stem_lookups(stem))
    )


def _at_word_start(fields: tuple[str, ...], text: str) -> Q:
    return reduce(
        or_, (_contains(fields, False, value, lookup) for lookup, value in word_start_lookups(text))
    )


def _whole_word(fields: tuple[str, ...], word: str) -> Q:
    return (
        _contains(fields, False, f" {word} ")
        | _contains(fields, False, f"{word} ", "startswith")
        | _contains(fields, False, f" {word}", "endswith")
        | _contains(fields, False, word, "exact")
    )


@dataclass(frozen=True)
class Kind:
    """A kind of thing the search finds: where it is read from, which texts are searched (the
    title first), and the list page that filters it by the same words, when one exists."""

    key: str
    label: str
    titles: tuple[str, ...]
    texts: tuple[str, ...] = ()
    folded: bool = False
    list_url: str = ""
    related: tuple[str, ...] = ()
    only: tuple[str, ...] = ()

    def queryset(self, user):
        return _QUERYSETS[self.key](user)

    def more_url(self, q: str) -> str:
        if self.list_url:
            return f"{reverse(self.list_url)}?{urlencode({'q': q})}"
        return f"{reverse('portal:search')}?{urlencode({'q': q, 'kind': self.key})}"

    def matching(self, user, terms: list[Term], q: str):
        searched = self.texts or self.titles
        qs = self.queryset(user)
        condition = Q()
        if any(term.folded for term in terms):
            qs = qs.alias(**{f"{name}_folded": kazakh_folded(F(name)) for name in searched})
        folded_names = tuple(f"{name}_folded" for name in searched)
        for term in terms:
            found = [_found(searched, self.folded, s) for s in term.stems]
            found += [_found(folded_names, self.folded, s) for s in term.folded]
            condition &= reduce(or_, found)
        rank = Value(0.0, output_field=FloatField())
        for term in terms:
            rank += (
                Cast(
                    Case(
                        When(_whole_word(self.titles, term.word), then=Value(10)),
                        When(_at_word_start(self.titles, term.word), then=Value(8)),
                        When(_contains(self.titles, False, term.word), then=Value(6)),
                        *(When(_at_word_start(self.titles, s), then=Value(5)) for s in term.stems),
                        *(
                            When(_contains(self.titles, False, s), then=Value(4))
                            for s in term.stems
                        ),
                        default=Value(2),
                        output_field=IntegerField(),
                    ),
                    FloatField(),
                )
                / 2
            )
        if _on_postgresql():
            vector = SearchVector(*self.titles, *_plain(self.texts), config="russian")
            query = SearchQuery(q, config="russian")
            similarity = Greatest(
                *(TrigramWordSimilarity(q, name) for name in self.titles), Value(0.0)
            )
            qs = qs.alias(fts=vector, similarity=similarity)
            condition |= Q(fts=query) | Q(similarity__gte=0.5)
            rank += F("similarity") + SearchRank(vector, query)
        qs = qs.filter(condition).annotate(rank=rank, total=Window(Count("pk")))
        if self.related:
            qs = qs.select_related(*self.related)
        if self.only:
            qs = qs.only(*self.only)
        return qs.order_by("-rank", "-pk")


def _plain(texts: tuple[str, ...]) -> tuple[str, ...]:
    # The case-folded copies repeat the titles; the full-text search reads the texts themselves.
    return tuple(name for name in texts if name != "search_text")


_QUERYSETS = {
    "documents": lambda user: visible(user, PlanningDocument.public_objects.all()),
    "indicators": lambda user: visible(user, Indicator.public_objects.all()),
    "objects": lambda user: visible(user, ProjectObject.public_objects.all()),
    "organisations": lambda user: visible(user, Organisation),
    "requests": lambda user: visible(user, InformationRequest.public_objects.all()),
    "campaigns": lambda user: visible(user, Campaign.public_objects.all()),
    "findings": published_findings,
    "recommendations": published_recommendations,
    "reports": public_reports,
}

KINDS = (
    Kind(
        "documents",
        _("Programs and plans"),
        titles=translated_fields("title"),
        texts=("search_text",),
        folded=True,
        list_url="portal:documents",
        only=("slug", *translated_fields("title"), "doc_type", "start_year", "end_year"),
    ),
    Kind(
        "indicators",
        _("Indicators"),
        titles=translated_fields("name"),
        related=("goal__document",),
        only=(
            "goal__document__slug",
            *translated_fields("name"),
            *translated_fields("goal__document__title"),
        ),
    ),
    Kind(
        "objects",
        _("Objects"),
        titles=translated_fields("name"),
        texts=("search_text",),
        folded=True,
        list_url="portal:objects",
        only=("slug", *translated_fields("name"), "status", "address"),
    ),
    Kind(
        "organisations",
        _("Organisations"),
        titles=translated_fields("name"),
        texts=("search_text",),
        folded=True,
        list_url="portal:organisations",
        only=("slug", "kind", *translated_fields("name")),
    ),
    Kind(
        "requests",
        _("Information requests"),
        titles=("subject",),
        texts=("search_text",),
        folded=True,
        list_url="inforequests:archive",
        related=("body",),
        only=("public_id", "subject", "status", "sent_at", *translated_fields("body__name")),
    ),
    Kind(
        "campaigns",
        _("Monitoring campaigns"),
        titles=translated_fields("title"),
        texts=(*translated_fields("title"), *translated_fields("description"), "goals"),
        related=("ngo",),
        only=("slug", *translated_fields("title"), "status", *translated_fields("ngo__name")),
    ),
    Kind(
        "findings",
        _("Findings"),
        titles=("title",),
        texts=("title", "description"),
        related=("campaign",),
        only=(
            "number",
            "title",
            "severity",
            "campaign__slug",
            *translated_fields("campaign__title"),
        ),
    ),
    Kind(
        "recommendations",
        _("Recommendations"),
        titles=("text",),
        related=("campaign", "body"),
        only=(
            "number",
            "text",
            "state",
            "campaign__slug",
            *translated_fields("campaign__title"),
            *translated_fields("body__name"),
        ),
    ),
    Kind(
        "reports",
        _("Problem reports"),
        titles=("title",),
        texts=("title", "description"),
        related=("category",),
        only=("title", "status", "published_at", *translated_fields("category__name")),
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Group:
    kind: Kind
    results: list
    total: int
    more_url: str


def search(user, q: str, *, kind: str = "") -> list[Group]:
    """The groups of what matches `q`, one query per kind; each group holds its best
    PER_KIND results (ONE_KIND when only `kind` is asked for) and how many match in all."""
    terms = query_terms(q)
    if not terms:
        return []
    kinds = [KINDS_BY_KEY[kind]] if kind in KINDS_BY_KEY else KINDS
    limit = ONE_KIND if len(kinds) == 1 else PER_KIND
    groups = []
    for each in kinds:
        results = list(each.matching(user, terms, q)[:limit])
        if results:
            groups.append(Group(each, results, results[0].total, each.more_url(q)))
    return groups
