"""Findings and recommendations of published campaigns, for the portal pages of planning
documents, objects and organisations.

Only published campaigns count, whoever looks: a campaign is the NGO's until its coordinator
publishes it, so neither staff nor the body controlled see its findings on the portal before
that. Each selector is one query whatever the number of rows; a page shows at most LIMIT rows and
learns whether there are more by reading one row beyond.

What concerns what:

* a finding concerns the object, the indicator or the planning document it names; a document's
  page also lists the findings about its indicators and its objects;
* a recommendation concerns the state body it is addressed to and, through the findings it is
  tied to, their objects and documents.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import ngettext, ngettext_lazy

from baqylau.core.permissions import visible
from baqylau.registry.models import Indicator, Organisation, PlanningDocument, ProjectObject

from .models import AnswerState, Finding, Recommendation, Verification

LIMIT = 50

_CAMPAIGN_FIELDS = (
    "campaign__slug",
    "campaign__title_kk",
    "campaign__title_ru",
    "campaign__title_en",
)


@dataclass(frozen=True)
class Listing:
    """The first rows of a list for a portal page, and whether there are more."""

    rows: list
    more: bool

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _listing(queryset: QuerySet, limit: int = LIMIT) -> Listing:
    rows = list(queryset[: limit + 1])
    return Listing(rows=rows[:limit], more=len(rows) > limit)


def published_findings(user) -> QuerySet:
    """Findings of published campaigns only, whoever asks (staff included)."""
    return visible(user, Finding.public_objects.all())


def published_recommendations(user) -> QuerySet:
    """Recommendations of published campaigns only, whoever asks (staff included)."""
    return visible(user, Recommendation.public_objects.all())


def _shown(user, model, field: str) -> Exists:
    return Exists(visible(user, model).filter(pk=OuterRef(field)))


def _findings(user, condition: Q) -> QuerySet:
    """A finding names registry records that may have been unpublished since: `object_shown`,
    `indicator_shown` and `document_shown` say whether the user may see each."""
    return (
        published_findings(user)
        .filter(condition)
        .annotate(
            object_shown=_shown(user, ProjectObject, "project_object_id"),
            indicator_shown=_shown(user, Indicator, "indicator_id"),
            document_shown=_shown(user, PlanningDocument, "document_id"),
        )
        .select_related("campaign", "project_object", "indicator", "document")
        .only(
            "number",
            "title",
            "category",
            "severity",
            "year",
            *_CAMPAIGN_FIELDS,
            "project_object__slug",
            "project_object__name_kk",
            "project_object__name_ru",
            "project_object__name_en",
            "indicator__code",
            "indicator__name_kk",
            "indicator__name_ru",
            "indicator__name_en",
            "document__slug",
            "document__title_kk",
            "document__title_ru",
            "document__title_en",
        )
    )


def _about_document(document: PlanningDocument) -> Q:
    """The findings about the document, its indicators or its objects: a union of three index
    lookups, so that the cost follows the document's findings, not the whole table (an OR across
    the joins reads every finding)."""
    findings = Finding.private_objects.order_by().values("pk")
    ids = findings.filter(document=document).union(
        findings.filter(
            indicator__in=Indicator.private_objects.filter(goal__document=document).values("pk")
        ),
        findings.filter(
            project_object__in=ProjectObject.private_objects.filter(document=document).values("pk")
        ),
        all=True,
    )
    return Q(pk__in=ids)


def _finding_condition(thing) -> Q:
    if isinstance(thing, PlanningDocument):
        return _about_document(thing)
    if isinstance(thing, ProjectObject):
        return Q(project_object=thing)
    raise TypeError(f"No findings are about a {type(thing).__name__}")


def _ordered(queryset: QuerySet) -> QuerySet:
    """The latest campaigns first, each in the order of its numbers."""
    return queryset.order_by("-campaign__starts_on", "-campaign_id", "number")


def findings_about(user, thing) -> Listing:
    """The findings of published campaigns about a planning document (its indicators and objects
    included) or an object."""
    return _listing(_ordered(_findings(user, _finding_condition(thing))))


def _recommendations(user) -> QuerySet:
    return (
        published_recommendations(user)
        .select_related("campaign", "body")
        .only(
            "number",
            "text",
            "sent_on",
            "due_on",
            "state",
            "answered_on",
            "answered_late",
            "verification",
            "verified_on",
            *_CAMPAIGN_FIELDS,
            "body__slug",
            "body__name_kk",
            "body__name_ru",
            "body__name_en",
        )
    )


def recommendations_about(user, thing) -> Listing:
    """The recommendations of published campaigns addressed to a body (an organisation page), or
    tied to findings about a planning document or an object."""
    qs = _recommendations(user)
    if isinstance(thing, Organisation):
        qs = qs.filter(body=thing)
    else:
        findings = published_findings(user).filter(_finding_condition(thing)).values("pk")
        tied = Recommendation.findings.through.objects.filter(finding__in=findings)
        qs = qs.filter(pk__in=tied.values("recommendation_id"))
    return _listing(_ordered(qs))


def inbox_awaiting(user) -> QuerySet:
    """The recommendations to the user's bodies that await the answer (overdue ones included),
    counted on the tab of the officers' inbox."""
    qs = visible(user, Recommendation.private_objects.inbox_of(user))
    return qs.filter(state__in=[AnswerState.AWAITING, AnswerState.OVERDUE])


# The phrases of a campaign's summary after "N of M recommendations accepted".
PARTLY_ACCEPTED = ngettext_lazy("%(count)d partly accepted", "%(count)d partly accepted", "count")
REJECTED = ngettext_lazy("%(count)d rejected", "%(count)d rejected", "count")
NOT_ANSWERED_IN_TIME = ngettext_lazy(
    "%(count)d not answered in time", "%(count)d not answered in time", "count"
)
VERIFIED_DONE = ngettext_lazy(
    "%(count)d verified as carried out", "%(count)d verified as carried out", "count"
)


def recommendation_summary(recommendations) -> list[str]:
    """Where a campaign's recommendations stand, in a few phrases ("2 of 4 recommendations
    accepted", "1 verified as carried out"), from the recommendations already read for the
    page: no query. Empty without recommendations."""
    total = len(recommendations)
    if not total:
        return []
    if not any(r.sent_on for r in recommendations):
        return [
            ngettext(
                "%(total)d recommendation, not sent to the bodies yet",
                "%(total)d recommendations, not sent to the bodies yet",
                total,
            )
            % {"total": total}
        ]

    def count(test) -> int:
        return sum(1 for r in recommendations if test(r))

    accepted = count(lambda r: r.state == AnswerState.ACCEPTED)
    parts = [
        ngettext(
            "%(accepted)d of %(total)d recommendation accepted",
            "%(accepted)d of %(total)d recommendations accepted",
            total,
        )
        % {"accepted": accepted, "total": total}
    ]
    others = [
        (lambda r: r.state == AnswerState.PARTLY, PARTLY_ACCEPTED),
        (lambda r: r.state == AnswerState.REJECTED, REJECTED),
        (lambda r: r.state == AnswerState.OVERDUE, NOT_ANSWERED_IN_TIME),
        (lambda r: r.verification == Verification.DONE, VERIFIED_DONE),
    ]
    for test, phrase in others:
        if n := count(test):
            parts.append(phrase % {"count": n})
    return parts


def recommendation_summaries(campaigns) -> dict[int, list[str]]:
    """recommendation_summary of each campaign (the cards of the campaign list), in one query."""
    by_campaign: dict[int, list] = {}
    # A withdrawn recommendation no longer counts in the cards.
    rows = Recommendation.private_objects.filter(
        campaign__in=campaigns, withdrawn_at__isnull=True
    ).only("campaign_id", "sent_on", "state", "verification")
    for recommendation in rows:
        by_campaign.setdefault(recommendation.campaign_id, []).append(recommendation)
    return {pk: recommendation_summary(items) for pk, items in by_campaign.items()}
