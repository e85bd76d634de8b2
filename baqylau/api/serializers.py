"""How the registry looks in the open data API.

A translated field appears twice: `name` in the request's language (with the registry's
fallback when that language is missing) and `name_i18n` with every language as stored, null where
a translation is missing. Decimal amounts are strings (for example "99.1000"), so that no
precision is lost in JSON parsers that read numbers as binary floats.

Serializers only shape data: querysets, visibility and prefetching belong to the views.
"""

import json

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from baqylau.accountability.models import (
    AnswerFile,
    DecisionNotice,
    Finding,
    PlannedMeasure,
    Recommendation,
    RecommendationAnswer,
)
from baqylau.core import record
from baqylau.inforequests.display import public_requester_name
from baqylau.inforequests.models import Answer, Attachment, InformationRequest, RequestEvent
from baqylau.monitoring.models import Campaign, Evidence
from baqylau.participation.models import Report, ReportEvent, ReportFile
from baqylau.procurement import models as procurement
from baqylau.procurement import selectors as procurement_selectors
from baqylau.registry import models as registry
from baqylau.registry import status as st
from baqylau.registry import versions

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

DECIMAL_HELP = _('A decimal number written as a string, for example "99.1000".')


class I18nTextSerializer(serializers.Serializer):
    """The schema of a translated text: one entry per language, null where missing."""

    kk = serializers.CharField(allow_null=True, help_text=_("Kazakh"))
    ru = serializers.CharField(allow_null=True, help_text=_("Russian"))
    en = serializers.CharField(allow_null=True, help_text=_("English"))


@extend_schema_field(I18nTextSerializer)
class I18nField(serializers.Field):
    """Every language of a translated model field, as stored."""

    def __init__(self, field_name: str, **kwargs):
        self.field_name_base = field_name
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return {
            code: getattr(instance, f"{self.field_name_base}_{code}", None) or None
            for code in LANGUAGE_CODES
        }


# A model serializer whose `Meta.fields` name translated fields by both their faces: with
# `name_i18n` listed there, `name` is the text in the request's language and `name_i18n` every
# language as stored. (A comment, not a docstring: the schema would take a docstring as the
# description of every serializer using it.)
class TranslatedModelSerializer(serializers.ModelSerializer):
    def build_field(self, field_name, info, model_class, nested_depth):
        if field_name.endswith("_i18n"):
            return I18nField, {"field_name": field_name.removesuffix("_i18n")}
        if f"{field_name}_i18n" in self.Meta.fields:
            return serializers.CharField, {"read_only": True}
        return super().build_field(field_name, info, model_class, nested_depth)


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


def decimal(**kwargs):
    kwargs.setdefault("help_text", DECIMAL_HELP)
    return serializers.DecimalField(max_digits=20, decimal_places=4, read_only=True, **kwargs)


def count(help_text=None):
    """A number of requests or recommendations in a ranking row."""
    return serializers.IntegerField(read_only=True, help_text=help_text)


def share(help_text):
    """A share from 0 to 1 with four decimals (baqylau.registry.rankings), a string in JSON."""
    return serializers.DecimalField(
        max_digits=5, decimal_places=4, read_only=True, allow_null=True, help_text=help_text
    )


def label_of(field: str, help_text):
    """A choice field's value in words, in the request's language."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True, help_text=help_text)


def slug_at(source: str, help_text, **kwargs):
    """The slug of a related record, read from `source` (an annotation or a path)."""
    return serializers.SlugField(source=source, read_only=True, help_text=help_text, **kwargs)


def slug_of(**kwargs):
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


class PortalUrlField(serializers.SerializerMethodField):
    """The page of the record on the public portal, in the request's language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Page on the public portal"))
        super().__init__(method_name="get_url", **kwargs)


class PortalUrlMixin(serializers.Serializer):
    url = PortalUrlField()

    @extend_schema_field(serializers.URLField)
    def get_url(self, obj) -> str:
        return _absolute(self.context, obj.get_absolute_url())


# A file received (an answer's attachment, evidence) by its public copy: the size and digest of the
# file received, the copy's address. Each serializer declares its `url` field. (A comment, not a
# docstring: the schema would take a docstring as the description of every serializer using it.)
class PublicCopyMixin(serializers.Serializer):
    size = serializers.IntegerField(read_only=True, help_text=_("Size of the file received, bytes"))
    sha256 = serializers.CharField(
        read_only=True,
        help_text=_(
            "SHA-256 of the file received. The public copy of an image is made again without "
            "its metadata, so its digest differs."
        ),
    )

    @extend_schema_field(serializers.URLField)
    def get_url(self, item) -> str:
        return _absolute(self.context, item.public_file.url)


class TerritorySerializer(PortalUrlMixin, TranslatedModelSerializer):
    parent = slug_of(allow_null=True)

    class Meta:
        model = registry.Territory
        fields = [
            "slug",
            "kind",
            "name",
            "name_i18n",
            "parent",
            "osm_id",
            "centre_lat",
            "centre_lon",
            "min_lon",
            "min_lat",
            "max_lon",
            "max_lat",
            "url",
        ]


class TerritoryDetailSerializer(TerritorySerializer):
    geometry = serializers.JSONField(
        read_only=True, help_text=_("Boundary as a GeoJSON geometry, coordinates [lon, lat]")
    )

    class Meta(TerritorySerializer.Meta):
        fields = [*TerritorySerializer.Meta.fields, "geometry"]


class OrganisationSerializer(PortalUrlMixin, TranslatedModelSerializer):
    parent = slug_of(allow_null=True)
    territory = slug_of(allow_null=True)
    is_state_body = serializers.BooleanField(read_only=True)

    class Meta:
        model = registry.Organisation
        fields = [
            "slug",
            "kind",
            "is_state_body",
            "name",
            "name_i18n",
            "short_name",
            "short_name_i18n",
            "description",
            "description_i18n",
            "parent",
            "territory",
            "email",
            "phone",
            "website",
            "address",
            "address_i18n",
            "iati_ref",
            "url",
        ]


class DocumentSerializer(PortalUrlMixin, TranslatedModelSerializer):
    type = serializers.ChoiceField(
        source="doc_type", choices=registry.PlanningDocument.Type.choices, read_only=True
    )
    territory = slug_of(allow_null=True)
    responsible_bodies = slug_of(many=True)

    class Meta:
        model = registry.PlanningDocument
        fields = [
            "slug",
            "type",
            "code",
            "title",
            "title_i18n",
            "description",
            "description_i18n",
            "approved_by",
            "approved_by_i18n",
            "approval_date",
            "start_year",
            "end_year",
            "status",
            "territory",
            "responsible_bodies",
            "source_url",
            "iati_identifier",
            "is_published",
            "published_at",
            "updated_at",
            "url",
        ]


class DirectionSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_i18n = I18nField("name")


class GoalSerializer(TranslatedModelSerializer):
    document = slug_of()
    direction = DirectionSerializer(read_only=True, allow_null=True)

    class Meta:
        model = registry.Goal
        fields = [
            "id",
            "document",
            "direction",
            "number",
            "order",
            "name",
            "name_i18n",
            "description",
            "description_i18n",
        ]


class PlanRevisionSerializer(serializers.ModelSerializer):
    previous_plan = decimal(allow_null=True)
    new_plan = decimal(allow_null=True)

    class Meta:
        model = registry.PlanRevision
        fields = ["previous_plan", "new_plan", "revised_at", "reason"]


class PlanVersionSerializer(serializers.ModelSerializer):
    document = slug_of()
    source_file = serializers.FileField(read_only=True, use_url=True, allow_null=True)
    url = serializers.SerializerMethodField(help_text=_("The revisions page on the portal"))

    class Meta:
        model = registry.PlanVersion
        fields = [
            "id",
            "document",
            "number",
            "takes_effect",
            "source",
            "source_url",
            "source_file",
            "recorded_at",
            "url",
        ]

    def get_url(self, version) -> str:
        path = f"{version.get_absolute_url()}#version-{version.number}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PlanChangeSerializer(serializers.ModelSerializer):
    document = serializers.SlugField(source="version.document.slug", read_only=True)
    version = serializers.IntegerField(
        source="version.number", read_only=True, help_text=_("Number of the version")
    )
    takes_effect = serializers.DateField(source="version.takes_effect", read_only=True)
    object = slug_of(allow_null=True)
    before_value = decimal(allow_null=True)
    after_value = decimal(allow_null=True)
    sentence = serializers.SerializerMethodField(
        help_text=_("The change said in a sentence, in the requested language")
    )

    class Meta:
        model = registry.PlanChange
        fields = [
            "id",
            "document",
            "version",
            "takes_effect",
            "kind",
            "setback",
            "indicator",
            "object",
            "subject",
            "year",
            "funding_source",
            "unit",
            "before_value",
            "after_value",
            "before_date",
            "after_date",
            "sentence",
        ]

    def get_sentence(self, change) -> str:
        return versions.stored(change).sentence


class ValueStatusField(serializers.SerializerMethodField):
    """The status of an indicator value, which its stored values alone decide: the download
    writes it from them (`stored_paths`, `from_stored`: baqylau.api.tabular) without reading the
    value as a model instance."""

    stored_paths = (("indicator", "direction"), ("plan",), ("actual",))

    @staticmethod
    def from_stored(direction, plan, actual) -> str:
        higher = direction == registry.Indicator.Direction.HIGHER
        return st.indicator_status(higher_is_better=higher, plan=plan, actual=actual).value


class IndicatorValueSerializer(serializers.ModelSerializer):
    plan = decimal(allow_null=True)
    actual = decimal(allow_null=True)
    status = ValueStatusField(
        help_text=_("On track, at risk, off track or no data, by the published status rule")
    )
    revisions = PlanRevisionSerializer(many=True, read_only=True)

    class Meta:
        model = registry.IndicatorValue
        fields = ["year", "plan", "actual", "actual_source", "actual_date", "status", "revisions"]

    @extend_schema_field(serializers.ChoiceField(choices=st.Status.choices))
    def get_status(self, value) -> str:
        return ValueStatusField.from_stored(value.indicator.direction, value.plan, value.actual)


class IndicatorSerializer(TranslatedModelSerializer):
    document = serializers.SlugField(source="goal.document.slug", read_only=True)
    baseline_value = decimal(allow_null=True)
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = registry.Indicator
        fields = [
            "id",
            "document",
            "goal",
            "code",
            "order",
            "name",
            "name_i18n",
            "unit",
            "unit_i18n",
            "kind",
            "direction",
            "baseline_year",
            "baseline_value",
            "values",
        ]


class FinancingSerializer(serializers.ModelSerializer):
    document = slug_of()
    object = slug_of(allow_null=True)
    planned = decimal()
    adjusted = decimal(allow_null=True)
    executed = decimal(allow_null=True)
    current_plan = decimal(help_text=_("The adjusted amount when there is one, else the planned"))
    execution_percent = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_("Executed as a percentage of the current plan, a decimal string"),
    )

    class Meta:
        model = registry.Financing
        fields = [
            "id",
            "document",
            "object",
            "year",
            "source",
            "currency",
            "planned",
            "adjusted",
            "executed",
            "current_plan",
            "execution_percent",
        ]


class ObjectSerializer(PortalUrlMixin, TranslatedModelSerializer):
    document = slug_of()
    territory = slug_of(allow_null=True)
    responsible_body = slug_of(allow_null=True)
    contractor = slug_of(allow_null=True)
    contract_value = serializers.DecimalField(
        max_digits=18, decimal_places=2, read_only=True, allow_null=True, help_text=DECIMAL_HELP
    )
    lat = serializers.FloatField(source="latitude", read_only=True, allow_null=True)
    lon = serializers.FloatField(source="longitude", read_only=True, allow_null=True)
    is_late = serializers.BooleanField(
        read_only=True, help_text=_("Not finished although the planned end has passed")
    )

    class Meta:
        model = registry.ProjectObject
        fields = [
            "slug",
            "kind",
            "status",
            "name",
            "name_i18n",
            "description",
            "description_i18n",
            "document",
            "territory",
            "address",
            "address_i18n",
            "lat",
            "lon",
            "responsible_body",
            "contractor",
            "contract_number",
            "contract_value",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "is_late",
            "updated_at",
            "url",
        ]


class BodyRankingRowSerializer(serializers.Serializer):
    """What every ranking row says of its state body: place, slug, names and kind; the figures
    follow in each ranking's own serializer."""

    rank = serializers.IntegerField(read_only=True, help_text=_("Place in the ranking, from 1"))
    body = slug_at("body.slug", _("Slug of the state body"))
    name = serializers.CharField(source="body.name", read_only=True)
    name_i18n = I18nField("name", source="body")
    # A plain string: a second enum of organisation kinds would collide with /api/organisations/'s.
    kind = serializers.CharField(
        source="body.kind",
        read_only=True,
        help_text=_("Kind of the body, as in /api/organisations/ (ministry, akimat...)"),
    )

    # Each ranking declares `url = PortalUrlField()` after its figures, so that it comes last.
    @extend_schema_field(serializers.URLField)
    def get_url(self, row) -> str:
        return _absolute(self.context, row["body"].get_absolute_url())


def ranking_of(row_serializer, *, year_help, as_of_help) -> type:
    """The serializer of a whole ranking: its year, its day, and its rows (named after the rows'
    serializer: RequestRankingSerializer for RequestRankingRowSerializer)."""
    name = row_serializer.__name__.replace("RowSerializer", "Serializer")
    fields = {
        "year": serializers.IntegerField(read_only=True, allow_null=True, help_text=year_help),
        "as_of": serializers.DateField(read_only=True, help_text=as_of_help),
        "count": serializers.IntegerField(read_only=True),
        "results": row_serializer(many=True, read_only=True),
    }
    return type(name, (serializers.Serializer,), {"__module__": __name__, **fields})


class RequestRankingRowSerializer(BodyRankingRowSerializer):
    """One state body's record of answering information requests (baqylau.inforequests.stats)."""

    received = count(_("Public requests sent to the body, not withdrawn"))
    answered = count(_("Answered on time plus answered late"))
    answered_on_time = count(_("Answered on or before the deadline"))
    answered_late = count(_("Answered after the deadline"))
    never_answered = count(_("No answer, and the deadline has passed"))
    pending = count(_("No answer yet, and the deadline has not passed or has not been set"))
    refused = count(_("Answered with a refusal, including appealed refusals"))
    median_days_to_answer = serializers.DecimalField(
        max_digits=7,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_(
            "Median calendar days from registration (or sending, when not registered) to the "
            'answer, over answered requests, written as a string such as "12.5"'
        ),
    )
    share_on_time = share(
        _(
            "Answered on time ÷ (answered + never answered), from 0 to 1, written as a string "
            'such as "0.6667"; null when no request was answered or left unanswered'
        )
    )
    share_refused = share(
        _(
            'Refused ÷ answered, from 0 to 1, written as a string such as "0.2500"; null when '
            "no request was answered"
        )
    )
    url = PortalUrlField()


RequestRankingSerializer = ranking_of(
    RequestRankingRowSerializer,
    year_help=_("The year the requests were sent; null for all years"),
    as_of_help=_("The day against which deadlines were checked"),
)


# Information requests ---------------------------------------------------------------------------
# Only what the public may read: the requester's public name (never their account), the redacted
# text of answers (never the original) and the public copies of files that are not hidden.


class NamedOrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    name_i18n = I18nField("name")


class RequestBodySerializer(NamedOrganisationSerializer):
    pass  # the same, under the name the schema has always given the body of a request


class RequestSerializer(PortalUrlMixin, serializers.ModelSerializer):
    body = RequestBodySerializer(read_only=True, help_text=_("The state body asked"))
    requester = serializers.SerializerMethodField(
        help_text=_("The requester's name as the portal shows it, or a note that it is withheld")
    )
    document = slug_at(
        "document_slug", _("Slug of the planning document the request is about"), allow_null=True
    )
    object = slug_at("object_slug", _("Slug of the object the request is about"), allow_null=True)
    status_label = label_of("status", _("The status, in words"))

    class Meta:
        model = InformationRequest
        fields = [
            "public_id",
            "subject",
            "text",
            "asked",
            "language",
            "body",
            "requester",
            "document",
            "object",
            "status",
            "status_label",
            "sent_at",
            "registered_on",
            "registration_number",
            "due_date",
            "extended",
            "answered_on",
            "created_at",
            "updated_at",
            "url",
        ]

    def get_requester(self, item) -> str:
        return public_requester_name(item)


class TimelineEventSerializer(serializers.ModelSerializer):
    label = label_of("kind", _("The kind of step, in words"))
    other_body = slug_of(
        allow_null=True, help_text=_("Slug of the body the request was redirected to")
    )

    class Meta:
        model = RequestEvent
        fields = [
            "kind",
            "label",
            "status_after",
            "happened_on",
            "note",
            "legal_ground",
            "due_date",
            "other_body",
        ]


class AnswerAttachmentSerializer(PublicCopyMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("The public copy of the file"))

    class Meta:
        model = Attachment
        fields = ["name", "content_type", "size", "sha256", "url"]


class AnswerSerializer(serializers.ModelSerializer):
    public_text = serializers.CharField(
        read_only=True, help_text=_("The text of the answer, with any personal data redacted")
    )
    attachments = AnswerAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = [
            "source",
            "received_on",
            "public_text",
            "redacted",
            "classification",
            "legal_ground",
            "attachments",
        ]


class RequestDetailSerializer(RequestSerializer):
    events = TimelineEventSerializer(many=True, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(RequestSerializer.Meta):
        fields = [*RequestSerializer.Meta.fields, "events", "answers"]


class RequestEventSerializer(TimelineEventSerializer):
    request = serializers.CharField(
        source="request_public_id", read_only=True, help_text=_("Public id of the request")
    )
    body = slug_at("body_slug", _("Slug of the state body asked"))

    class Meta(TimelineEventSerializer.Meta):
        fields = ["id", "request", "body", *TimelineEventSerializer.Meta.fields]


class RequestAnswerSerializer(AnswerSerializer):
    request = serializers.CharField(
        source="request_public_id", read_only=True, help_text=_("Public id of the request")
    )
    body = slug_at("body_slug", _("Slug of the state body that answered"))

    class Meta(AnswerSerializer.Meta):
        fields = ["id", "request", "body", *AnswerSerializer.Meta.fields]


# Public monitoring ------------------------------------------------------------------------------
# Published campaigns only. Evidence and the files of answers appear by their public copy, made
# without metadata; never the original, never the position where a photo was taken.


class CampaignSerializer(PortalUrlMixin, TranslatedModelSerializer):
    form_label = label_of("form", _("The form, in words"))
    status_label = label_of("status", _("The status, in words"))
    ngo = NamedOrganisationSerializer(read_only=True, help_text=_("The NGO conducting it"))
    documents = slug_of(many=True, help_text=_("Slugs of the planning documents controlled"))
    objects = slug_of(
        many=True, source="project_objects", help_text=_("Slugs of the objects controlled")
    )
    bodies = slug_of(many=True, help_text=_("Slugs of the state bodies controlled"))
    final_document_sent_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("The day the final document was sent to the bodies; null until then"),
    )

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "title",
            "title_i18n",
            "description",
            "description_i18n",
            "form",
            "form_label",
            "status",
            "status_label",
            "ngo",
            "documents",
            "objects",
            "bodies",
            "goals",
            "tasks",
            "method",
            "starts_on",
            "ends_on",
            "published_at",
            "final_document_sent_on",
            "url",
        ]


class FindingSerializer(PortalUrlMixin, serializers.ModelSerializer):
    campaign = slug_at("campaign.slug", _("Slug of the campaign"))
    category_label = label_of("category", _("The category, in words"))
    severity_label = label_of("severity", _("The severity, in words"))
    object = slug_at("object_slug", _("Slug of the object the finding is about"), allow_null=True)
    indicator = serializers.IntegerField(
        source="shown_indicator",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the indicator the finding is about, as in /api/indicators/"),
    )
    document = slug_at(
        "document_slug", _("Slug of the planning document the finding is about"), allow_null=True
    )
    monitor_value = decimal(
        allow_null=True, help_text=_("The monitors' own figure for the indicator and the year")
    )
    evidence = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Ids of its evidence, as in /api/evidence/")
    )
    recommendations = serializers.SerializerMethodField(
        help_text=_("Numbers of the campaign's recommendations that rest on it")
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "campaign",
            "number",
            "title",
            "category",
            "category_label",
            "severity",
            "severity_label",
            "description",
            "norm",
            "object",
            "indicator",
            "document",
            "year",
            "monitor_value",
            "evidence",
            "recommendations",
            "created_at",
            "url",
        ]

    def get_recommendations(self, finding) -> list[int]:
        return [item.number for item in finding.recommendations.all()]


class PlannedMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlannedMeasure
        fields = ["text", "due_on"]


class AnswerFileSerializer(AnswerAttachmentSerializer):
    """A file of a body's answer to a recommendation: described as a request's attachment."""

    class Meta(AnswerAttachmentSerializer.Meta):
        model = AnswerFile


class RecommendationAnswerSerializer(serializers.ModelSerializer):
    decision_label = label_of("decision", _("The decision, in words"))
    measures = PlannedMeasureSerializer(many=True, read_only=True)
    files = AnswerFileSerializer(many=True, read_only=True)

    class Meta:
        model = RecommendationAnswer
        fields = ["decision", "decision_label", "reasons", "answered_on", "measures", "files"]


class DecisionNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DecisionNotice
        fields = ["decision_on", "notified_on", "note"]


class RecommendationSerializer(PortalUrlMixin, serializers.ModelSerializer):
    campaign = slug_at("campaign.slug", _("Slug of the campaign"))
    body = NamedOrganisationSerializer(read_only=True, help_text=_("The state body addressed"))
    findings = serializers.SerializerMethodField(
        help_text=_("Numbers of the campaign's findings it rests on")
    )
    state_label = label_of("state", _("The body's answer, in words"))
    answer = serializers.SerializerMethodField(
        help_text=_("The body's answer: decision, reasons, measures and files; null until given")
    )
    decision_notices = DecisionNoticeSerializer(
        many=True,
        read_only=True,
        help_text=_("The dates on which the body said it would decide, as it notified them"),
    )
    verification_label = label_of("verification", _("What the monitors verified, in words"))

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "campaign",
            "number",
            "body",
            "text",
            "findings",
            "sent_on",
            "due_on",
            "state",
            "state_label",
            "answered_on",
            "answered_late",
            "answer",
            "decision_notices",
            "verification",
            "verification_label",
            "verified_on",
            "verification_note",
            "url",
        ]
        extra_kwargs = {
            "sent_on": {"help_text": _("The day the body received the final document")},
            "answered_late": {"help_text": _("Answered after the due date")},
        }

    def get_findings(self, recommendation) -> list[int]:
        return [item.number for item in recommendation.findings.all()]

    @extend_schema_field(RecommendationAnswerSerializer(allow_null=True))
    def get_answer(self, recommendation):
        answer = recommendation.public_answer
        if answer is None:
            return None
        return RecommendationAnswerSerializer(answer, context=self.context).data


class EvidenceSerializer(PublicCopyMixin, serializers.ModelSerializer):
    campaign = slug_at("campaign.slug", _("Slug of the campaign"))
    visit = serializers.IntegerField(
        source="visit_id", read_only=True, allow_null=True, help_text=_("Id of the field visit")
    )
    visited_on = serializers.DateField(
        source="visit.visited_on",
        read_only=True,
        allow_null=True,
        help_text=_("Date of the field visit"),
    )
    object = slug_at("object_slug", _("Slug of the object visited"), allow_null=True)
    url = serializers.SerializerMethodField(
        help_text=_("The public copy of the file, made without its metadata")
    )
    sha256 = serializers.CharField(
        source="public_digest",
        read_only=True,
        help_text=_(
            "SHA-256 of the public copy, the file at `url`; of the file received when the "
            "campaign's team chose to publish it (the campaign's setting)"
        ),
    )
    taken_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("The day the photo was taken, as read from the file"),
    )
    taken_at = serializers.DateTimeField(
        source="public_taken_at",
        read_only=True,
        allow_null=True,
        help_text=_(
            "When the photo was taken, as read from the file; only when the campaign's team "
            "chose to publish capture times"
        ),
    )
    distance_m = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Distance in metres between where the photo was taken and the object visited; "
            "the position itself is never published"
        ),
    )
    far_from_object = serializers.BooleanField(
        read_only=True, help_text=_("Taken farther from the object than the platform allows")
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "campaign",
            "visit",
            "visited_on",
            "object",
            "name",
            "content_type",
            "size",
            "sha256",
            "taken_on",
            "taken_at",
            "distance_m",
            "far_from_object",
            "created_at",
            "url",
        ]


class RecommendationRankingRowSerializer(BodyRankingRowSerializer):
    """One state body's record of answering recommendations (baqylau.accountability.stats)."""

    received = count(_("Recommendations of published campaigns the body received"))
    answered = count(_("Answered on time plus answered late"))
    answered_on_time = count(_("Answered on or before the due date"))
    answered_late = count(_("Answered after the due date"))
    overdue = count(_("No answer, and the due date has passed"))
    awaiting = count(_("No answer yet, and the due date has not passed"))
    accepted = count()
    partly_accepted = count()
    rejected = count()
    share_on_time = share(
        _(
            "Answered on time ÷ (answered + overdue), from 0 to 1, written as a string such as "
            '"0.6667"; null when none was answered or overdue'
        )
    )
    verified_done = count(_("The monitors verified the measures as carried out"))
    verified_partly_done = count(_("The monitors verified the measures as partly carried out"))
    verified_not_done = count(_("The monitors verified the measures as not carried out"))
    share_carried_out = share(
        _(
            "Carried out ÷ verified, from 0 to 1, written as a string; null when the monitors "
            "verified none"
        )
    )
    url = PortalUrlField()


RecommendationRankingSerializer = ranking_of(
    RecommendationRankingRowSerializer,
    year_help=_("The year the bodies received the recommendations; null for all years"),
    as_of_help=_("The day against which due dates were checked"),
)


class ReportRankingRowSerializer(BodyRankingRowSerializer):
    """One state body's record of answering citizens' problem reports
    (baqylau.participation.stats)."""

    received = count(_("Published problem reports addressed to the body now"))
    answered_on_time = count(_("First answered, since received, on or before the due date"))
    answered_late = count(_("First answered, since received, after the due date"))
    not_answered = count(_("No answer, and the due date has passed"))
    awaiting = count(_("No answer yet, and the due date has not passed"))
    fixed = count(_("Confirmed fixed by the reporter or someone it affects"))
    reopened = count(_("Said not to be fixed after the body said done, at least once"))
    share_on_time = share(
        _(
            "Answered on time ÷ (answered + not answered), from 0 to 1, written as a string such "
            'as "0.6667"; null when none was answered or left unanswered'
        )
    )
    url = PortalUrlField()


ReportRankingSerializer = ranking_of(
    ReportRankingRowSerializer,
    year_help=_("The year the reports were published; null for all years"),
    as_of_help=_("The day against which due dates were checked"),
)


# Citizens' problem reports ----------------------------------------------------------------------
# Published reports only, whoever asks (baqylau.participation.opendata): never the reporter, their
# email or the exact position; files by their public copy only, without their names or metadata.


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("The public copy of the file, made without its metadata")
    )
    event = serializers.IntegerField(
        source="event_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the step of the timeline the file belongs to; null: the report's own"),
    )

    class Meta:
        model = ReportFile
        fields = ["content_type", "event", "url"]

    @extend_schema_field(serializers.URLField)
    def get_url(self, item) -> str:
        return _absolute(self.context, item.public_file.url)


class ReportSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the category")
    )
    category_name = serializers.CharField(source="category.name", read_only=True)
    category_name_i18n = I18nField("name", source="category")
    status_label = label_of("status", _("The status, in words"))
    is_open = serializers.BooleanField(
        read_only=True, help_text=_("Waiting for the body: open, acknowledged or in progress")
    )
    object = slug_of(
        source="project_object", allow_null=True, help_text=_("Slug of the object reported at")
    )
    indicator = serializers.IntegerField(
        source="indicator_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the indicator reported at, as in /api/indicators/"),
    )
    document = slug_of(allow_null=True, help_text=_("Slug of the planning document"))
    territory = slug_of(allow_null=True, help_text=_("Slug of the territory"))
    body = NamedOrganisationSerializer(
        read_only=True, allow_null=True, help_text=_("The state body that answers it")
    )
    lat = serializers.FloatField(
        source="public_latitude",
        read_only=True,
        allow_null=True,
        help_text=_("The object's latitude, or the reporter's point rounded to about 10 m"),
    )
    lon = serializers.FloatField(
        source="public_longitude",
        read_only=True,
        allow_null=True,
        help_text=_("The object's longitude, or the reporter's point rounded to about 10 m"),
    )
    latest_answer = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("The text of the body's latest answer")
    )
    files = ReportFileSerializer(
        source="public_files", many=True, read_only=True, help_text=_("Photos and documents")
    )
    url = serializers.SerializerMethodField(help_text=_("Page on the public portal"))

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "description",
            "category",
            "category_name",
            "category_name_i18n",
            "status",
            "status_label",
            "is_open",
            "object",
            "indicator",
            "document",
            "territory",
            "body",
            "lat",
            "lon",
            "created_at",
            "published_at",
            "received_on",
            "due_on",
            "answered_at",
            "planned_on",
            "closed_at",
            "reopened_count",
            "supporters_count",
            "latest_answer",
            "files",
            "updated_at",
            "url",
        ]
        extra_kwargs = {
            "created_at": {"help_text": _("When the citizen reported it")},
            "received_on": {"help_text": _("The day the body received it (its publication)")},
            "due_on": {"help_text": _("The day the body's answer is due by law")},
            "answered_at": {"help_text": _("The body's first answer")},
            "planned_on": {"help_text": _("The date by which the body said it will be done")},
            "supporters_count": {"help_text": _("Other people it affects too")},
        }

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, report) -> str | None:
        try:
            path = report.get_absolute_url()
        except NoReverseMatch:  # the report's page is not installed
            return None
        return _absolute(self.context, path)


class ReportEventSerializer(serializers.ModelSerializer):
    label = label_of("kind", _("What happened, in words"))
    role_label = label_of("role", _("In which role, in words"))
    from_body = slug_of(allow_null=True, help_text=_("Slug of the body that answered"))
    to_body = slug_of(allow_null=True, help_text=_("Slug of the body it was forwarded to"))

    class Meta:
        model = ReportEvent
        fields = [
            "id",
            "kind",
            "label",
            "role",
            "role_label",
            "text",
            "planned_on",
            "from_body",
            "to_body",
            "on_time",
            "created_at",
        ]


class ReportDetailSerializer(ReportSerializer):
    events = ReportEventSerializer(
        source="public_events", many=True, read_only=True, help_text=_("The public timeline")
    )

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "events"]


# The public record ------------------------------------------------------------------------------


class LogHeadSerializer(serializers.Serializer):
    date = serializers.DateField()
    count = serializers.IntegerField(help_text=_("Entries in the chain on that day"))
    head_hash = serializers.CharField(help_text=_("SHA-256 of the chain's last entry"))
    signature = serializers.CharField(
        help_text=_(
            "Ed25519 signature (base64) of the canonical JSON of date, count and head_hash; "
            "empty when no key was set"
        )
    )
    public_key = serializers.CharField(help_text=_("The public key that checks it (PEM)"))


class LogHeadsSerializer(serializers.Serializer):
    public_key = serializers.CharField(
        help_text=_("The platform's current public key (PEM); empty when heads are not signed")
    )
    count = serializers.IntegerField(help_text=_("Entries in the chain now"))
    head_hash = serializers.CharField(help_text=_("SHA-256 of the chain's last entry now"))
    results = LogHeadSerializer(many=True)


class LogEntrySerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text=_("The entry's number, from 1"))
    kind = serializers.CharField(help_text=_("The kind of record"))
    key = serializers.CharField(help_text=_("The record's id"))
    action = serializers.ChoiceField(choices=["published", "changed", "withdrawn"])
    at = serializers.SerializerMethodField(help_text=_("The time, in UTC, as hashed"))
    public = serializers.SerializerMethodField(
        help_text=_(
            "The record's public fields as logged: given for the record's current entry only; "
            "an earlier version is proved by public_sha256"
        )
    )
    public_sha256 = serializers.SerializerMethodField(
        help_text=_("SHA-256 of the canonical JSON of the public fields")
    )
    files = serializers.SerializerMethodField(help_text=_("SHA-256 of the public files"))
    previous_hash = serializers.CharField()
    hash = serializers.CharField()

    def get_at(self, entry) -> str:
        return record.canonical(entry.at).strip('"')

    @extend_schema_field({"type": "object", "nullable": True})
    def get_public(self, entry):
        return json.loads(entry.public) if entry.is_current else None

    def get_public_sha256(self, entry) -> str:
        return record.sha256(entry.public)

    def get_files(self, entry) -> list[str]:
        return json.loads(entry.files)


class LogEntriesSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Entries in the chain now"))
    after = serializers.IntegerField(help_text=_("The number given in ?after="))
    next_after = serializers.IntegerField(
        allow_null=True, help_text=_("Ask again with ?after= this number; null at the end")
    )
    results = LogEntrySerializer(many=True)


# Procurement ------------------------------------------------------------------------------------
# Contracting processes as OCDS describes them, with the red flags computed over them. Amounts are
# decimal strings in the process's currency.


class PartySerializer(serializers.ModelSerializer):
    organisation = slug_of(
        allow_null=True, help_text=_("Slug of the organisation in the registry it is matched to")
    )
    url = serializers.SerializerMethodField(help_text=_("Page on the public portal"))

    class Meta:
        model = procurement.Party
        fields = ["id", "scheme", "identifier", "name", "organisation", "url"]
        extra_kwargs = {
            "scheme": {"help_text": _("Identifier scheme, such as KZ-BIN or UA-EDR")},
        }

    @extend_schema_field(serializers.URLField)
    def get_url(self, party) -> str:
        return _absolute(self.context, party.get_absolute_url())


class SuppliersField(serializers.ListSerializer):
    """The suppliers the process's awards went to, each once (cancelled and unsuccessful awards
    left out)."""

    def get_attribute(self, instance):
        return procurement_selectors.suppliers_of(instance)


class FlagCodesField(serializers.ListField):
    """The codes of the flags on the process itself (prefetched as `process_flags`)."""

    def get_attribute(self, instance):
        return [flag.code for flag in instance.process_flags]


def amount(help_text=None):
    return serializers.DecimalField(
        max_digits=22,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=help_text or DECIMAL_HELP,
    )


class ProcessSerializer(serializers.ModelSerializer):
    buyer = PartySerializer(read_only=True, allow_null=True)
    procuring_entity = PartySerializer(read_only=True, allow_null=True)
    value_amount = amount(_("Estimated value of the tender"))
    document = slug_at(
        "document_slug", _("Slug of the planning document it finances"), allow_null=True
    )
    suppliers = SuppliersField(
        child=PartySerializer(), read_only=True, help_text=_("Who the awards went to")
    )
    flag_count = serializers.IntegerField(
        read_only=True, help_text=_("How many risk indicators fired on the process")
    )
    flag_codes = FlagCodesField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("The codes of the risk indicators that fired on the process"),
    )
    record_package = serializers.SerializerMethodField(
        help_text=_("The process's OCDS record package")
    )
    url = serializers.SerializerMethodField(help_text=_("Page on the public portal"))

    class Meta:
        model = procurement.ContractingProcess
        fields = [
            "ocid",
            "title",
            "buyer",
            "procuring_entity",
            "procurement_method",
            "procurement_method_details",
            "main_category",
            "tender_status",
            "tender_start",
            "tender_end",
            "value_amount",
            "currency",
            "document",
            "suppliers",
            "flag_count",
            "flag_codes",
            "first_release_date",
            "last_release_date",
            "record_package",
            "url",
        ]

    @extend_schema_field(serializers.URLField)
    def get_record_package(self, process) -> str:
        return _absolute(self.context, f"/data/procurement/{process.ocid}.json")

    @extend_schema_field(serializers.URLField)
    def get_url(self, process) -> str:
        return _absolute(self.context, process.get_absolute_url())


class BidSerializer(serializers.ModelSerializer):
    value_amount = amount()
    tenderers = PartySerializer(many=True, read_only=True)

    class Meta:
        model = procurement.Bid
        fields = ["bid_id", "date", "status", "value_amount", "currency", "tenderers"]


class AwardSerializer(serializers.ModelSerializer):
    value_amount = amount()
    suppliers = PartySerializer(many=True, read_only=True)

    class Meta:
        model = procurement.Award
        fields = ["award_id", "title", "status", "date", "value_amount", "currency", "suppliers"]


class AmendmentSerializer(serializers.ModelSerializer):
    value_before = amount(_("The contract's value before the amendment"))
    value_after = amount(_("The contract's value after the amendment"))

    class Meta:
        model = procurement.Amendment
        fields = ["amendment_id", "date", "rationale", "description", "value_before", "value_after"]


class ContractSerializer(serializers.ModelSerializer):
    value_amount = amount()
    amendments = AmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = procurement.Contract
        fields = [
            "contract_id",
            "award_id",
            "title",
            "status",
            "date_signed",
            "period_start",
            "period_end",
            "value_amount",
            "currency",
            "amendments",
        ]


class ReleaseSerializer(serializers.ModelSerializer):
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = procurement.Release
        fields = ["release_id", "date", "tags"]


class RiskFlagSerializer(serializers.ModelSerializer):
    process = serializers.CharField(
        source="process_ocid",
        read_only=True,
        allow_null=True,
        help_text=_("The ocid of the process it fired on"),
    )
    party = serializers.IntegerField(
        source="party_id",
        read_only=True,
        allow_null=True,
        help_text=_(
            "The id of the party (buyer or tenderer) it fired on, as in /api/procurement/parties/"
        ),
    )

    class Meta:
        model = procurement.RiskFlag
        fields = ["id", "code", "subject", "process", "party", "value", "computed_at"]
        extra_kwargs = {
            "code": {
                "help_text": _(
                    "The indicator's code in the Open Contracting Partnership's red-flag library"
                )
            },
            "value": {"help_text": _("The value the indicator computed")},
        }


class ProcessDetailSerializer(ProcessSerializer):
    description = serializers.CharField(read_only=True)
    bids = BidSerializer(many=True, read_only=True)
    awards = AwardSerializer(many=True, read_only=True)
    contracts = ContractSerializer(many=True, read_only=True)
    objects = serializers.ListField(
        child=serializers.SlugField(),
        source="public_object_slugs",
        read_only=True,
        help_text=_("Slugs of the registry's objects it is linked to"),
    )
    flags = RiskFlagSerializer(
        source="all_flags",
        many=True,
        read_only=True,
        help_text=_("Risk indicators that fired on the process, its buyer and its tenderers"),
    )
    releases = ReleaseSerializer(many=True, read_only=True)

    class Meta(ProcessSerializer.Meta):
        fields = [
            *ProcessSerializer.Meta.fields,
            "description",
            "bids",
            "awards",
            "contracts",
            "objects",
            "flags",
            "releases",
        ]
