"""Query-string filters of the open data API.

Related records are named by slug where they have one (documents, objects, organisations,
territories) and by id otherwise (goals). An unknown slug gives an empty list, not an error.
"""

import django_filters as df
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import add_trace_message
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.utils import extend_schema_field

from baqylau.accountability.models import (
    AnswerState,
    Finding,
    FindingCategory,
    Recommendation,
    Severity,
    Verification,
)
from baqylau.core.permissions import visible
from baqylau.inforequests.models import Answer, Attachment, InformationRequest, RequestEvent
from baqylau.inforequests.models import Status as RequestStatus
from baqylau.inforequests.stats import MAX_YEAR, MIN_YEAR
from baqylau.monitoring.models import Campaign, ControlForm, Evidence
from baqylau.monitoring.models import Status as CampaignStatus
from baqylau.participation.models import Report
from baqylau.procurement import selectors as procurement_selectors
from baqylau.procurement.models import ContractingProcess, Party, ProcessObject, RiskFlag
from baqylau.registry.models import (
    Financing,
    Goal,
    Indicator,
    Organisation,
    PlanChange,
    PlanningDocument,
    PlanVersion,
    ProjectObject,
    Territory,
)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; its schema extension knows the registry's managers."""


class FilterBackendSchema(DjangoFilterExtension):
    # Registry models that follow publication have no `objects` manager, which the schema
    # generator assumes by default.
    target_class = FilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        model = get_view_model(auto_schema.view)
        if not model:
            return []
        queryset = model._default_manager.none()
        filterset_class = self.target.get_filterset_class(auto_schema.view, queryset)
        if not filterset_class:
            return []
        result = []
        with add_trace_message(filterset_class):
            for field_name, filter_field in filterset_class.base_filters.items():
                result += self.resolve_filter_field(
                    auto_schema, model, filterset_class, field_name, filter_field
                )
        return result

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        # A filter whose schema is set by its class (extend_schema_field: the bounded integers)
        # keeps its label as its description.
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            if not parameter.get("description") and filter_field.label:
                parameter["description"] = filter_field.label
        return parameters


# The largest id a database holds (a 64-bit signed integer: BigAutoField on SQLite and PostgreSQL).
MAX_ID = 2**63 - 1


YEAR_MESSAGE = _("A year of four digits, such as 2024.")


class BoundedIntegerFilter(df.NumberFilter):
    """A whole number between `min_value` and `max_value`: a value out of range answers 400 with
    the form's message instead of reaching the database (where a huge number overflows and year 0
    is no date)."""

    field_class = forms.IntegerField
    min_value: int
    max_value: int
    messages: dict = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.min_value)
        kwargs.setdefault("max_value", self.max_value)
        kwargs.setdefault("error_messages", self.messages)
        super().__init__(*args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        schema = {"type": "integer", "minimum": cls.min_value, "maximum": cls.max_value}
        if cls.max_value > 2**31 - 1:
            schema["format"] = "int64"
        extend_schema_field(schema)(cls)


class IdFilter(BoundedIntegerFilter):
    """The id of a record (a goal, an indicator...)."""

    min_value, max_value = 1, MAX_ID


class YearFilter(BoundedIntegerFilter):
    min_value, max_value = MIN_YEAR, MAX_YEAR
    messages = dict.fromkeys(("invalid", "min_value", "max_value"), YEAR_MESSAGE)


class YesNoField(forms.NullBooleanField):
    """true or false (also True, False, 1, 0); empty for either; anything else is refused, not
    read as empty."""

    widget = forms.TextInput  # NullBooleanSelect would read an unknown value as empty

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "True", "true", "1"):
            return True
        if value in (False, "False", "false", "0"):
            return False
        raise forms.ValidationError(_("Either true or false."), code="invalid")


class BooleanFilter(df.BooleanFilter):
    field_class = YesNoField


def within_territory(queryset, slug: str, *, path: str = "territory"):
    """Rows placed in the territory or in any territory under it (country > region > district)."""
    return queryset.filter(
        Q(**{f"{path}__slug": slug})
        | Q(**{f"{path}__parent__slug": slug})
        | Q(**{f"{path}__parent__parent__slug": slug})
    )


def _search(queryset, name, value):
    value = value.strip()
    return queryset.search(value) if value else queryset


def _territory(queryset, name, value):
    return within_territory(queryset, value) if value else queryset


class DocumentFilter(df.FilterSet):
    type = df.ChoiceFilter(
        field_name="doc_type", choices=PlanningDocument.Type.choices, label=_("Type")
    )
    status = df.ChoiceFilter(choices=PlanningDocument.Status.choices, label=_("Status"))
    territory = df.CharFilter(
        method=_territory, label=_("Territory slug (includes the territories under it)")
    )
    body = df.CharFilter(field_name="responsible_bodies__slug", label=_("Responsible body slug"))
    year = YearFilter(method="filter_year", label=_("A year within the document's period"))
    q = df.CharFilter(method=_search, label=_("Search in titles, codes and descriptions"))

    class Meta:
        model = PlanningDocument
        fields = ["type", "status", "territory", "body", "year", "q"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class GoalFilter(df.FilterSet):
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))

    class Meta:
        model = Goal
        fields = ["document"]


class IndicatorFilter(df.FilterSet):
    document = df.CharFilter(field_name="goal__document__slug", label=_("Planning document slug"))
    goal = IdFilter(field_name="goal_id", label=_("Goal id"))
    kind = df.ChoiceFilter(choices=Indicator.Kind.choices, label=_("Kind"))

    class Meta:
        model = Indicator
        fields = ["document", "goal", "kind"]


def _setbacks(queryset, name, value):
    if value is None:
        return queryset
    return queryset.exclude(setback="") if value else queryset.filter(setback="")


class FinancingFilter(df.FilterSet):
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))
    year = YearFilter(label=_("Year"))
    source = df.ChoiceFilter(choices=Financing.Source.choices, label=_("Source"))
    object = df.CharFilter(field_name="object__slug", label=_("Object slug"))

    class Meta:
        model = Financing
        fields = ["document", "year", "source", "object"]


class PlanVersionFilter(df.FilterSet):
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))

    class Meta:
        model = PlanVersion
        fields = ["document"]


class PlanChangeFilter(df.FilterSet):
    document = df.CharFilter(
        field_name="version__document__slug", label=_("Planning document slug")
    )
    version = df.NumberFilter(field_name="version__number", label=_("Number of the version"))
    kind = df.ChoiceFilter(choices=PlanChange.Kind.choices, label=_("What changed"))
    setback = df.ChoiceFilter(
        choices=[c for c in PlanChange.Setback.choices if c[0]],
        label=_("Only the setbacks of this kind"),
    )
    setbacks = df.BooleanFilter(method=_setbacks, label=_("Only setbacks (true) or none (false)"))

    class Meta:
        model = PlanChange
        fields = ["document", "version", "kind", "setback", "setbacks"]


class ObjectFilter(df.FilterSet):
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))
    territory = df.CharFilter(
        method=_territory, label=_("Territory slug (includes the territories under it)")
    )
    kind = df.ChoiceFilter(choices=ProjectObject.Kind.choices, label=_("Type"))
    status = df.ChoiceFilter(choices=ProjectObject.Status.choices, label=_("Status"))
    q = df.CharFilter(method=_search, label=_("Search in names, addresses and contracts"))

    class Meta:
        model = ProjectObject
        fields = ["document", "territory", "kind", "status", "q"]


class OrganisationFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=Organisation.Kind.choices, label=_("Kind"))
    territory = df.CharFilter(
        method=_territory, label=_("Territory slug (includes the territories under it)")
    )
    q = df.CharFilter(method=_search, label=_("Search in names"))

    class Meta:
        model = Organisation
        fields = ["kind", "territory", "q"]


class TerritoryFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=Territory.Kind.choices, label=_("Kind"))
    parent = df.CharFilter(field_name="parent__slug", label=_("Parent territory slug"))

    class Meta:
        model = Territory
        fields = ["kind", "parent"]


# Information requests ---------------------------------------------------------------------------
# The querysets that these filters narrow, shared by the API and the CSV downloads.


def published_requests(user):
    """Published requests only, whoever asks: the open data never holds a draft or a request its
    requester made private, not even for the requester, a moderator or staff."""
    return visible(user, InformationRequest.public_objects.all())


def public_requests(user):
    """Published requests with the slugs of their document and object, each only when the user
    may see it (a request may be about a document that is not published yet)."""
    documents = visible(user, PlanningDocument).filter(pk=OuterRef("document_id"))
    objects = visible(user, ProjectObject).filter(pk=OuterRef("object_id"))
    return published_requests(user).annotate(
        document_slug=Subquery(documents.values("slug")[:1]),
        object_slug=Subquery(objects.values("slug")[:1]),
    )


def public_request_events(user):
    return RequestEvent.objects.filter(request__in=published_requests(user)).annotate(
        request_public_id=F("request__public_id"), body_slug=F("request__body__slug")
    )


def public_answers(user):
    """Answers of published requests; the original text is never read, only `public_text`."""
    return (
        Answer.public_objects.filter(request__in=published_requests(user))
        .defer("text")
        .annotate(request_public_id=F("request__public_id"), body_slug=F("request__body__slug"))
    )


def public_attachments():
    """Files that are not hidden, by their public copy; the original is never read."""
    return Attachment.objects.filter(hidden=False).exclude(public_file="").defer("original")


REQUEST_STATUSES = [choice for choice in RequestStatus.choices if choice[0] != RequestStatus.DRAFT]


class RequestFilter(df.FilterSet):
    body = df.CharFilter(field_name="body__slug", label=_("State body slug"))
    status = df.ChoiceFilter(choices=REQUEST_STATUSES, label=_("Status"))
    # The annotation of public_requests(): a document the user may not see matches nothing.
    document = df.CharFilter(field_name="document_slug", label=_("Planning document slug"))
    year = YearFilter(field_name="sent_at", lookup_expr="year", label=_("Year sent"))
    q = df.CharFilter(
        method=_search, label=_("Search in the subject, the text and the public answers")
    )

    class Meta:
        model = InformationRequest
        fields = ["body", "status", "document", "year", "q"]


class RequestEventFilter(df.FilterSet):
    request = df.CharFilter(field_name="request__public_id", label=_("Public id of the request"))
    kind = df.ChoiceFilter(choices=RequestEvent.Kind.choices, label=_("Kind"))
    since = df.DateFilter(
        field_name="happened_on", lookup_expr="gte", label=_("Steps on or after this date")
    )

    class Meta:
        model = RequestEvent
        fields = ["request", "kind", "since"]


class RequestAnswerFilter(df.FilterSet):
    request = df.CharFilter(field_name="request__public_id", label=_("Public id of the request"))
    body = df.CharFilter(field_name="request__body__slug", label=_("State body slug"))
    classification = df.ChoiceFilter(
        choices=Answer.Classification.choices, label=_("Classification")
    )

    class Meta:
        model = Answer
        fields = ["request", "body", "classification"]


# Public monitoring ------------------------------------------------------------------------------
# Published campaigns only, whoever asks: open data is public data, so not even the team or staff
# read an unpublished campaign here. Registry records that a campaign names are named by slug only
# where the user may see them (one may have been unpublished since).


def published_campaigns(user):
    return visible(user, Campaign.public_objects.all())


def _visible_slug(user, model, field: str) -> Subquery:
    return Subquery(visible(user, model).filter(pk=OuterRef(field)).values("slug")[:1])


def public_findings(user):
    indicators = visible(user, Indicator).filter(pk=OuterRef("indicator_id"))
    return (
        visible(user, Finding.public_objects.all())
        .select_related("campaign")
        .annotate(
            object_slug=_visible_slug(user, ProjectObject, "project_object_id"),
            document_slug=_visible_slug(user, PlanningDocument, "document_id"),
            shown_indicator=Subquery(indicators.values("pk")[:1]),
        )
    )


def public_recommendations(user):
    return visible(user, Recommendation.public_objects.all()).select_related("campaign", "body")


def public_evidence(user):
    """Evidence of published campaigns; the original file and the position where a photo was
    taken are never read."""
    return (
        visible(user, Evidence.public_objects.all())
        .exclude(public_file="")
        .select_related("campaign", "visit")
        .only(
            "id",
            "campaign__slug",
            "campaign__publish_capture_details",
            "visit__id",
            "visit__visited_on",
            "visit__project_object_id",
            "public_file",
            "name",
            "content_type",
            "size",
            "sha256",
            "public_sha256",
            "taken_at",
            "distance_m",
            "far_from_object",
            "created_at",
        )
        .annotate(object_slug=_visible_slug(user, ProjectObject, "visit__project_object_id"))
    )


def _about_document(slug: str) -> Q:
    """Findings about the document, one of its indicators or one of its objects."""
    return (
        Q(document__slug=slug)
        | Q(indicator__goal__document__slug=slug)
        | Q(project_object__document__slug=slug)
    )


class CampaignFilter(df.FilterSet):
    ngo = df.CharFilter(field_name="ngo__slug", label=_("Slug of the NGO conducting it"))
    body = df.CharFilter(method="filter_body", label=_("State body slug (a body it controls)"))
    status = df.ChoiceFilter(choices=CampaignStatus.choices, label=_("Status"))
    form = df.ChoiceFilter(choices=ControlForm.choices, label=_("Form of public control"))
    document = df.CharFilter(
        method="filter_document",
        label=_("Planning document slug (the document or one of its objects is controlled)"),
    )
    object = df.CharFilter(method="filter_object", label=_("Object slug"))

    class Meta:
        model = Campaign
        fields = ["ngo", "body", "status", "form", "document", "object"]

    def filter_body(self, queryset, name, value):
        through = Campaign.bodies.through.objects.filter(organisation__slug=value)
        return queryset.filter(pk__in=through.values("campaign_id"))

    def filter_document(self, queryset, name, value):
        documents = Campaign.documents.through.objects.filter(planningdocument__slug=value)
        objects = Campaign.project_objects.through.objects.filter(
            projectobject__document__slug=value
        )
        return queryset.filter(
            Q(pk__in=documents.values("campaign_id")) | Q(pk__in=objects.values("campaign_id"))
        )

    def filter_object(self, queryset, name, value):
        through = Campaign.project_objects.through.objects.filter(projectobject__slug=value)
        return queryset.filter(pk__in=through.values("campaign_id"))


class FindingFilter(df.FilterSet):
    campaign = df.CharFilter(field_name="campaign__slug", label=_("Campaign slug"))
    category = df.ChoiceFilter(choices=FindingCategory.choices, label=_("Category"))
    severity = df.ChoiceFilter(choices=Severity.choices, label=_("Severity"))
    document = df.CharFilter(
        method="filter_document",
        label=_("Planning document slug (findings about it, its indicators or its objects)"),
    )
    object = df.CharFilter(field_name="project_object__slug", label=_("Object slug"))
    body = df.CharFilter(
        method="filter_body", label=_("State body slug (findings its recommendations rest on)")
    )

    class Meta:
        model = Finding
        fields = ["campaign", "category", "severity", "document", "object", "body"]

    def filter_document(self, queryset, name, value):
        return queryset.filter(_about_document(value))

    def filter_body(self, queryset, name, value):
        through = Recommendation.findings.through.objects.filter(recommendation__body__slug=value)
        return queryset.filter(pk__in=through.values("finding_id"))


class RecommendationFilter(df.FilterSet):
    campaign = df.CharFilter(field_name="campaign__slug", label=_("Campaign slug"))
    body = df.CharFilter(field_name="body__slug", label=_("State body slug"))
    state = df.ChoiceFilter(choices=AnswerState.choices, label=_("The body's answer"))
    verification = df.ChoiceFilter(
        choices=Verification.choices, label=_("What the monitors verified")
    )
    category = df.ChoiceFilter(
        choices=FindingCategory.choices,
        method="filter_category",
        label=_("Category of a finding it rests on"),
    )
    document = df.CharFilter(
        method="filter_document",
        label=_("Planning document slug (it rests on a finding about the document)"),
    )
    object = df.CharFilter(
        method="filter_object", label=_("Object slug (it rests on a finding about the object)")
    )
    year = YearFilter(
        field_name="sent_on", lookup_expr="year", label=_("Year the body received it")
    )

    class Meta:
        model = Recommendation
        fields = [
            "campaign",
            "body",
            "state",
            "verification",
            "category",
            "document",
            "object",
            "year",
        ]

    def _tied(self, queryset, condition: Q):
        findings = Finding.private_objects.filter(condition).values("pk")
        through = Recommendation.findings.through.objects.filter(finding__in=findings)
        return queryset.filter(pk__in=through.values("recommendation_id"))

    def filter_category(self, queryset, name, value):
        return self._tied(queryset, Q(category=value))

    def filter_document(self, queryset, name, value):
        return self._tied(queryset, _about_document(value))

    def filter_object(self, queryset, name, value):
        return self._tied(queryset, Q(project_object__slug=value))


class EvidenceFilter(df.FilterSet):
    campaign = df.CharFilter(field_name="campaign__slug", label=_("Campaign slug"))
    object = df.CharFilter(field_name="object_slug", label=_("Slug of the object visited"))
    far = BooleanFilter(field_name="far_from_object", label=_("Taken far from the object visited"))

    class Meta:
        model = Evidence
        fields = ["campaign", "object", "far"]


# Citizens' problem reports: published only, whoever asks (baqylau.participation.opendata).


def _open(queryset, name, value):
    statuses = Report.OPEN_STATUSES if value else Report.CLOSED_STATUSES
    return queryset.filter(status__in=statuses)


class ReportFilter(df.FilterSet):
    category = df.CharFilter(field_name="category__code", label=_("Category code"))
    status = df.ChoiceFilter(choices=Report.Status.choices, label=_("Status"))
    open = BooleanFilter(
        method=_open, label=_("Waiting for the body (open, acknowledged, in progress) or closed")
    )
    territory = df.CharFilter(
        method=_territory, label=_("Territory slug (includes the territories under it)")
    )
    body = df.CharFilter(field_name="body__slug", label=_("Slug of the state body that answers"))
    object = df.CharFilter(field_name="project_object__slug", label=_("Object slug"))
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))

    class Meta:
        model = Report
        fields = ["category", "status", "open", "territory", "body", "object", "document"]


# Procurement: public as soon as it is loaded. The filters of the processes are those of the
# portal's list, by the same names, so that a filtered list downloads what it shows.

PROCUREMENT_METHODS = [("open", "open"), ("selective", "selective"), ("limited", "limited")]
PROCUREMENT_METHODS += [("direct", "direct")]
TENDER_STATUSES = [
    (code, code)
    for code in ("planning", "planned", "active", "cancelled", "unsuccessful", "complete")
]
TENDER_STATUSES += [("withdrawn", "withdrawn")]


def _process_search(queryset, name, value):
    value = value.strip()
    return (
        queryset.filter(Q(title__icontains=value) | Q(ocid__icontains=value)) if value else queryset
    )


class ProcessFilter(df.FilterSet):
    q = df.CharFilter(method=_process_search, label=_("Search in titles and ocids"))
    body = df.CharFilter(
        field_name="buyer__organisation__slug",
        label=_("Slug of the registry organisation that is the buyer"),
    )
    buyer = IdFilter(field_name="buyer_id", label=_("Id of the buyer, a party"))
    supplier = IdFilter(method="filter_supplier", label=_("Id of a supplier that won, a party"))
    method = df.ChoiceFilter(
        field_name="procurement_method",
        choices=PROCUREMENT_METHODS,
        label=_("Procurement method"),
    )
    status = df.ChoiceFilter(
        field_name="tender_status", choices=TENDER_STATUSES, label=_("Tender status")
    )
    year = YearFilter(method="filter_year", label=_("Year of the tender"))
    flag = df.CharFilter(
        method="filter_flag",
        label=_("A risk indicator's code that fired on the process, or “any”"),
    )
    territory = df.CharFilter(
        method="filter_territory",
        label=_("Territory slug of a linked object (includes the territories under it)"),
    )
    document = df.CharFilter(
        method="filter_document",
        label=_("Planning document slug (named on the process or through a linked object)"),
    )

    class Meta:
        model = ContractingProcess
        fields = [
            "q",
            "body",
            "buyer",
            "supplier",
            "method",
            "status",
            "year",
            "flag",
            "territory",
            "document",
        ]

    def filter_document(self, queryset, name, value):
        # A document the user may not see names no process.
        user = getattr(self.request, "user", None) or AnonymousUser()
        if not visible(user, PlanningDocument).filter(slug=value).exists():
            return queryset.none()
        return queryset.filter(procurement_selectors.of_document_slug(value))

    def filter_supplier(self, queryset, name, value):
        return procurement_selectors.filter_processes(queryset, supplier=value)

    def filter_year(self, queryset, name, value):
        return procurement_selectors.filter_processes(queryset, year=value)

    def filter_flag(self, queryset, name, value):
        return procurement_selectors.filter_processes(queryset, flag=value.strip())

    def filter_territory(self, queryset, name, value):
        objects = within_territory(ProjectObject.private_objects.all(), value, path="territory")
        linked = ProcessObject.objects.filter(process=OuterRef("pk"), object__in=objects)
        return queryset.filter(Exists(linked))


class PartyFilter(df.FilterSet):
    q = df.CharFilter(method="filter_q", label=_("Search in names and identifiers"))
    scheme = df.CharFilter(label=_("Identifier scheme, such as KZ-BIN"))
    organisation = df.CharFilter(
        field_name="organisation__slug", label=_("Slug of the registry organisation it matches")
    )
    matched = BooleanFilter(
        field_name="organisation",
        lookup_expr="isnull",
        exclude=True,
        label=_("Matched to an organisation of the registry"),
    )

    class Meta:
        model = Party
        fields = ["q", "scheme", "organisation", "matched"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(identifier__icontains=value))


class RiskFlagFilter(df.FilterSet):
    code = df.CharFilter(label=_("The indicator's code, such as R018"))
    subject = df.ChoiceFilter(choices=RiskFlag.Subject.choices, label=_("What it is about"))
    process = df.CharFilter(field_name="process__ocid", label=_("The ocid of the process"))
    party = IdFilter(field_name="party_id", label=_("Id of the party"))

    class Meta:
        model = RiskFlag
        fields = ["code", "subject", "process", "party"]
