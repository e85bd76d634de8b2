"""The dialogue between citizens and the state as open data: meetings (public council sessions,
hearings, interface meetings) with their agenda, materials, questions and minutes; the commitments
that state bodies take on there or in a community scorecard's action plan; public councils with
their members and plans of public monitoring; the library of methods; community scorecards with
their scores. In the API (`/api/meetings/`, `/api/commitments/`, `/api/councils/`,
`/api/council-plans/`, `/api/methods/`, `/api/scorecards/`) and as CSV (`/data/meetings.csv`,
`/data/commitments.csv`, `/data/council-plan-lines.csv`, `/data/scorecard-scores.csv`) through the
same serializers.

Open data is public data: every list starts from the published records (`public_objects`) and
goes through the one permission door (`visible()`), so a draft appears to nobody, not even to its
authors or to staff. Who asked a question, who took part in a focus group, who scored online and
a group's invitation link are never published: questions appear without their author, groups with
the number of their participants, scores as counts.
"""

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as df
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from baqylau.accountability.models import Recommendation
from baqylau.core.permissions import visible
from baqylau.councils import selectors as council_selectors
from baqylau.councils.models import CouncilMember, MonitoringPlan, PlanLine
from baqylau.meetings.models import (
    AgendaItem,
    Commitment,
    CommitmentState,
    CommitmentUpdate,
    Decision,
    Material,
    Meeting,
    MeetingKind,
    Question,
)
from baqylau.methods.models import ItemKind, ItemUse, ItemVersion, Language, LibraryItem
from baqylau.monitoring.models import Campaign
from baqylau.registry import models as registry
from baqylau.scorecards import selectors as scorecard_selectors
from baqylau.scorecards.models import (
    ActionItem,
    FocusGroup,
    Indicator,
    InputItem,
    Scorecard,
)

from . import downloads
from .filters import BooleanFilter, within_territory
from .serializers import (
    NamedOrganisationSerializer,
    PortalUrlMixin,
    TranslatedModelSerializer,
    _absolute,
    decimal,
    label_of,
    slug_at,
    slug_of,
)
from .tabular import CSV_BATCH, Joined, Layout, batches
from .views import SLUG_PATTERN, ReadOnlyApiViewSet

BODY_SLUG = _("Slug of the state body")


def public_campaigns(user):
    return visible(user, Campaign.public_objects.all())


def public_slugs(user, model):
    """The visible records of `model` by slug only, for a prefetch of slugs."""
    return visible(user, model).only("id", "slug").order_by("slug")


def _public_slug(queryset, field: str) -> Subquery:
    return Subquery(queryset.filter(pk=OuterRef(field)).values("slug")[:1])


# Meetings ---------------------------------------------------------------------------------------


@extend_schema_field(serializers.URLField(allow_null=True))
class OptionalUrlField(serializers.Field):
    """A link the model keeps as an empty text when there is none: null then, not "" (which is
    no URL)."""

    def __init__(self, source: str | None, help_text, **kwargs):
        if source:
            kwargs["source"] = source
        super().__init__(read_only=True, help_text=help_text, **kwargs)

    def to_representation(self, value):
        return value or None


class MaterialSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text=_("The public copy of the file, made without its metadata")
    )

    class Meta:
        model = Material
        fields = ["title", "name", "content_type", "size", "sha256", "url"]

    def get_url(self, material) -> str:
        return _absolute(self.context, material.public_file.url)


class DecisionSerializer(serializers.ModelSerializer):
    body = slug_at("body.slug", _("Slug of the state body that carries it out"), allow_null=True)
    commitment = serializers.SerializerMethodField(
        help_text=_("Id of the body's commitment it became, as in /api/commitments/")
    )

    class Meta:
        model = Decision
        fields = [
            "text",
            "votes_for",
            "votes_against",
            "votes_abstained",
            "body",
            "due_on",
            "responsible",
            "commitment",
        ]

    def get_commitment(self, decision) -> int | None:
        commitment = decision.commitment
        return commitment.pk if commitment is not None and commitment.is_published else None


class AgendaItemSerializer(serializers.ModelSerializer):
    campaign = slug_at(
        "campaign_slug", _("Slug of the published campaign discussed"), allow_null=True
    )
    recommendation = serializers.IntegerField(
        source="recommendation_public_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id of the recommendation discussed, as in /api/recommendations/"),
    )
    report_url = OptionalUrlField(None, _("Link to the report; null without one"))
    decisions = serializers.SerializerMethodField(
        help_text=_("What the meeting decided on it; empty until the minutes are published")
    )

    class Meta:
        model = AgendaItem
        fields = [
            "order",
            "title",
            "campaign",
            "recommendation",
            "report",
            "report_url",
            "decisions",
        ]

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, item):
        if item.meeting.minutes_published_at is None:
            return []
        return DecisionSerializer(item.decisions.all(), many=True, context=self.context).data


class QuestionSerializer(serializers.ModelSerializer):
    support_count = serializers.IntegerField(
        read_only=True, help_text=_("How many people support the question")
    )
    answer = serializers.SerializerMethodField(
        help_text=_("The answer in the minutes; null until the minutes are published")
    )

    class Meta:
        model = Question
        fields = ["id", "text", "support_count", "answer", "created_at"]

    def get_answer(self, question) -> str | None:
        if question.meeting.minutes_published_at is None:
            return None
        return question.answer or None


class MeetingSerializer(PortalUrlMixin, serializers.ModelSerializer):
    kind_label = label_of("kind", _("The kind of meeting, in words"))
    organiser = NamedOrganisationSerializer(read_only=True, help_text=_("Who organises it"))
    territory = slug_at("territory.slug", _("Slug of the territory"), allow_null=True)
    bodies = slug_of(many=True, help_text=_("Slugs of the state bodies heard"))
    video = OptionalUrlField("video_url", _("Video link; null without one"))
    recording = OptionalUrlField("recording_url", _("The recording; null without one"))
    has_minutes = serializers.BooleanField(
        read_only=True, help_text=_("Whether the minutes are published")
    )

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "kind",
            "kind_label",
            "title",
            "description",
            "organiser",
            "territory",
            "bodies",
            "starts_at",
            "ends_at",
            "place",
            "video",
            "recording",
            "published_at",
            "has_minutes",
            "minutes_published_at",
            "url",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True)
    materials = MaterialSerializer(many=True, read_only=True)
    questions = QuestionSerializer(
        source="public_questions",
        many=True,
        read_only=True,
        help_text=_("Published questions, most supported first; never who asked"),
    )
    participants = serializers.SerializerMethodField(
        help_text=_("Who took part, as the minutes name them; null until they are published")
    )

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "participants",
            "agenda",
            "materials",
            "questions",
        ]

    def get_participants(self, meeting) -> str | None:
        return meeting.participants if meeting.has_minutes else None


class MeetingFilter(df.FilterSet):
    territory = df.CharFilter(
        method="filter_territory", label=_("Territory slug (includes the territories under it)")
    )
    body = df.CharFilter(field_name="bodies__slug", label=_("Slug of a state body heard"))
    organiser = df.CharFilter(field_name="organiser__slug", label=_("Slug of the organiser"))
    kind = df.ChoiceFilter(choices=MeetingKind.choices, label=_("Kind of meeting"))
    starts_from = df.DateFilter(
        field_name="starts_at__date", lookup_expr="gte", label=_("Starting on or after this day")
    )
    starts_to = df.DateFilter(
        field_name="starts_at__date", lookup_expr="lte", label=_("Starting on or before this day")
    )

    class Meta:
        model = Meeting
        fields = ["territory", "body", "organiser", "kind", "starts_from", "starts_to"]

    def filter_territory(self, queryset, name, value):
        return within_territory(queryset, value) if value else queryset


def public_meetings(user):
    return (
        visible(user, Meeting.public_objects.all())
        .select_related("organiser", "territory")
        .defer("organiser__search_text", "territory__geometry")
        .prefetch_related(Prefetch("bodies", queryset=public_slugs(user, registry.Organisation)))
        .order_by("-starts_at", "-id")
    )


class MeetingViewSet(ReadOnlyApiViewSet):
    """Published meetings: public council sessions, public hearings, hearings of a state body's
    report or before its decision on recommendations, interface meetings of community
    scorecards; in detail their agenda (with the published campaign or recommendation
    discussed), the public copies of their materials, the published questions with the number of
    their supporters (never who asked) and, once the minutes are published, who took part, the
    decisions with their votes and the commitments they became."""

    model = Meeting
    filterset_class = MeetingFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MeetingDetailSerializer
        return MeetingSerializer

    def get_queryset(self):
        user = self.request.user
        queryset = public_meetings(user)
        if self.action == "retrieve":
            recommendations = visible(user, Recommendation.public_objects.all())
            agenda = (
                AgendaItem.private_objects.select_related("meeting")
                .annotate(
                    campaign_slug=_public_slug(public_campaigns(user), "campaign_id"),
                    recommendation_public_id=Subquery(
                        recommendations.filter(pk=OuterRef("recommendation_id")).values("pk")[:1]
                    ),
                )
                .prefetch_related(
                    Prefetch(
                        "decisions", queryset=Decision.objects.select_related("body", "commitment")
                    )
                )
                .order_by("order", "id")
            )
            questions = (
                Question.objects.published()
                .select_related("meeting")
                .only("id", "text", "answer", "created_at", "meeting__minutes_published_at")
                .annotate(support_count=Count("supports"))
                .order_by("-support_count", "created_at", "id")
            )
            queryset = queryset.prefetch_related(
                Prefetch("agenda", queryset=agenda),
                Prefetch("materials", queryset=Material.private_objects.defer("original")),
                Prefetch("questions", queryset=questions, to_attr="public_questions"),
            )
        return queryset


# Commitments ------------------------------------------------------------------------------------

ORIGIN_KINDS = [
    ("meeting_decision", _("a meeting's decision")),
    ("scorecard_action", _("a line of a community scorecard's action plan")),
    ("other", _("other")),
]
ORIGIN_LABELS = dict(ORIGIN_KINDS)


def origin_kind(commitment) -> str:
    if commitment.origin_model == "actionitem":
        return "scorecard_action"
    if commitment.meeting_id is not None:
        return "meeting_decision"
    return "other"


class CommitmentUpdateSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind", _("What happened, in words"))

    class Meta:
        model = CommitmentUpdate
        fields = ["kind", "kind_label", "text", "created_at"]


class CommitmentSerializer(PortalUrlMixin, serializers.ModelSerializer):
    body = NamedOrganisationSerializer(read_only=True, help_text=_("The state body committed"))
    state_label = label_of("state", _("The state, in words"))
    overdue = serializers.SerializerMethodField(
        help_text=_("Accepted and not carried out by its due date")
    )
    meeting = slug_at("meeting_slug", _("Slug of the meeting that decided it"), allow_null=True)
    origin = serializers.SerializerMethodField(
        help_text=_(
            "What it comes from: meeting_decision (a meeting's decision), scorecard_action (a "
            "line of a community scorecard's action plan) or other"
        )
    )
    origin_label = serializers.SerializerMethodField(help_text=_("What it comes from, in words"))
    scorecard = slug_at(
        "scorecard_slug",
        _("Slug of the community scorecard's campaign whose action plan it comes from"),
        allow_null=True,
    )
    updates = CommitmentUpdateSerializer(
        many=True, read_only=True, help_text=_("The body's steps on it, oldest first")
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "body",
            "text",
            "responsible",
            "due_on",
            "state",
            "state_label",
            "overdue",
            "meeting",
            "origin",
            "origin_label",
            "scorecard",
            "proposed_at",
            "accepted_at",
            "declined_reason",
            "closed_on",
            "updates",
            "url",
        ]

    def get_overdue(self, commitment) -> bool:
        return commitment.is_overdue(timezone.localdate())

    @extend_schema_field(serializers.ChoiceField(choices=[k for k, _label in ORIGIN_KINDS]))
    def get_origin(self, commitment) -> str:
        return origin_kind(commitment)

    def get_origin_label(self, commitment) -> str:
        return str(ORIGIN_LABELS[origin_kind(commitment)])


def _overdue(queryset, name, value):
    if value is None:
        return queryset
    overdue = Q(state=CommitmentState.ACCEPTED, due_on__lt=timezone.localdate())
    return queryset.filter(overdue) if value else queryset.exclude(overdue)


class CommitmentFilter(df.FilterSet):
    body = df.CharFilter(field_name="body__slug", label=BODY_SLUG)
    state = df.ChoiceFilter(choices=CommitmentState.choices, label=_("State"))
    overdue = BooleanFilter(
        method=_overdue, label=_("Accepted and not carried out by its due date, or not")
    )
    meeting = df.CharFilter(field_name="meeting__slug", label=_("Slug of the meeting"))

    class Meta:
        model = Commitment
        fields = ["body", "state", "overdue", "meeting"]


def public_commitments(user):
    actions = ActionItem.public_objects.filter(commitment=OuterRef("pk"))
    return (
        visible(user, Commitment.public_objects.all())
        .select_related("body")
        .defer("body__search_text")
        .annotate(
            meeting_slug=_public_slug(visible(user, Meeting.public_objects.all()), "meeting_id"),
            origin_model=F("origin_type__model"),
            scorecard_slug=Subquery(actions.values("scorecard__campaign__slug")[:1]),
        )
        .prefetch_related(Prefetch("updates", queryset=CommitmentUpdate.objects.defer("author")))
        .order_by("due_on", "id")
    )


class CommitmentViewSet(ReadOnlyApiViewSet):
    """What state bodies undertook to do by a date, at a meeting or in a community scorecard's
    joint action plan, published: the body's acceptance (or refusal, with its reasons), its
    reports of progress and whether it was carried out; overdue when accepted and not carried
    out by its due date."""

    model = Commitment
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter

    def get_queryset(self):
        return public_commitments(self.request.user)


# Public councils and their plans ----------------------------------------------------------------


class CouncilMemberSerializer(TranslatedModelSerializer):
    role_label = label_of("role", _("The role in the council, in words"))

    class Meta:
        model = CouncilMember
        fields = [
            "name",
            "name_i18n",
            "position",
            "position_i18n",
            "role",
            "role_label",
            "since",
            "until",
        ]


class CouncilSerializer(PortalUrlMixin, TranslatedModelSerializer):
    territory = slug_at("territory.slug", _("Slug of the territory"), allow_null=True)
    parent = slug_at("parent.slug", _("Slug of the body it is formed at"), allow_null=True)
    members = CouncilMemberSerializer(
        source="public_members",
        many=True,
        read_only=True,
        help_text=_("The members as the council publishes them"),
    )
    plans = serializers.SerializerMethodField(
        help_text=_("Ids of its approved plans of public monitoring, as in /api/council-plans/")
    )

    class Meta:
        model = registry.Organisation
        fields = ["slug", "name", "name_i18n", "territory", "parent", "members", "plans", "url"]

    def get_plans(self, council) -> list[int]:
        return [plan.pk for plan in council.public_plans]


class CouncilViewSet(ReadOnlyApiViewSet):
    """Public councils (formed at the akimats and ministries by the Law "On Public Councils"),
    with their members as each council publishes them and their approved plans of public
    monitoring."""

    model = registry.Organisation
    serializer_class = CouncilSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        user = self.request.user
        plans = visible(user, MonitoringPlan.public_objects.all()).only("id", "council_id")
        return (
            visible(user, registry.Organisation)
            .filter(kind=registry.Organisation.Kind.PUBLIC_COUNCIL)
            .select_related("territory", "parent")
            .defer("search_text", "territory__geometry", "parent__search_text")
            .prefetch_related(
                Prefetch(
                    "council_members",
                    queryset=CouncilMember.public_objects.all(),
                    to_attr="public_members",
                ),
                Prefetch(
                    "monitoring_plans", queryset=plans.order_by("-year"), to_attr="public_plans"
                ),
            )
            .order_by("slug")
        )


class PlanCampaignSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    stage = serializers.CharField(
        source="plan_stage", read_only=True, help_text=_("Where the campaign stands for the plan")
    )


class PlanLineSerializer(TranslatedModelSerializer):
    objects = slug_of(
        many=True, source="project_objects", help_text=_("Slugs of the objects controlled")
    )
    documents = slug_of(many=True, help_text=_("Slugs of the planning documents controlled"))
    bodies = slug_of(many=True, help_text=_("Slugs of the state bodies controlled"))
    performers = slug_of(many=True, help_text=_("Slugs of the organisations that perform it"))
    performer_members = serializers.SerializerMethodField(
        help_text=_("Names of the council's members who perform it")
    )
    campaigns = PlanCampaignSerializer(
        source="standing.campaigns",
        many=True,
        read_only=True,
        help_text=_("The published campaigns that carry it out, with where each stands"),
    )
    state = serializers.CharField(
        source="standing.state",
        read_only=True,
        help_text=_(
            "Where the line stands: not_started, in_progress, document_sent or answered, from "
            "its published campaigns"
        ),
    )
    state_label = serializers.CharField(
        source="standing.label", read_only=True, help_text=_("Where the line stands, in words")
    )
    recommendations_sent = serializers.IntegerField(
        source="standing.sent",
        read_only=True,
        help_text=_("Recommendations its campaigns sent to the bodies"),
    )
    recommendations_answered = serializers.IntegerField(
        source="standing.answered", read_only=True, help_text=_("Of them, answered")
    )

    class Meta:
        model = PlanLine
        fields = [
            "number",
            "subject",
            "subject_i18n",
            "term_from",
            "term_to",
            "term_text",
            "term_text_i18n",
            "goals",
            "goals_i18n",
            "tasks",
            "tasks_i18n",
            "objects",
            "documents",
            "bodies",
            "performers",
            "performer_members",
            "campaigns",
            "state",
            "state_label",
            "recommendations_sent",
            "recommendations_answered",
        ]

    def get_performer_members(self, line) -> list[str]:
        return [str(member) for member in line.performer_members.all() if member.is_published]


class CouncilPlanSerializer(PortalUrlMixin, TranslatedModelSerializer):
    council = NamedOrganisationSerializer(read_only=True, help_text=_("The public council"))
    lines = PlanLineSerializer(many=True, read_only=True)

    class Meta:
        model = MonitoringPlan
        fields = [
            "id",
            "council",
            "year",
            "title",
            "title_i18n",
            "approved_on",
            "approval_reference",
            "published_at",
            "amendments",
            "amended_on",
            "lines",
            "url",
        ]
        extra_kwargs = {"approval_reference": {"help_text": _("Number of the protocol")}}


def plan_lines(user):
    """Lines of approved plans with what the API shows of them; their states need
    `attach_standings`."""
    campaigns = public_campaigns(user).only("id", "slug", "status").order_by("starts_on", "id")
    return PlanLine.private_objects.order_by("number", "id").prefetch_related(
        Prefetch("campaigns", queryset=campaigns),
        Prefetch("project_objects", queryset=public_slugs(user, registry.ProjectObject)),
        Prefetch("documents", queryset=public_slugs(user, registry.PlanningDocument)),
        Prefetch("bodies", queryset=public_slugs(user, registry.Organisation)),
        Prefetch("performers", queryset=public_slugs(user, registry.Organisation)),
        "performer_members",
    )


def attach_standings(lines) -> list:
    """Where each line stands (`line.standing`), in one query for all of them."""
    lines = list(lines)
    standings = council_selectors.line_states(lines)
    for line in lines:
        line.standing = standings[line.pk]
    return lines


class CouncilPlanFilter(df.FilterSet):
    council = df.CharFilter(field_name="council__slug", label=_("Slug of the public council"))
    year = df.NumberFilter(field_name="year", label=_("Year of the plan"))

    class Meta:
        model = MonitoringPlan
        fields = ["council", "year"]


class CouncilPlanViewSet(ReadOnlyApiViewSet):
    """Plans of public monitoring that public councils approved, with their lines: what is
    controlled, when, with which goals and tasks, by whom, the published campaigns that carry
    each line out and where the line stands. Drafts are never published."""

    model = MonitoringPlan
    serializer_class = CouncilPlanSerializer
    filterset_class = CouncilPlanFilter

    def get_queryset(self):
        user = self.request.user
        return (
            visible(user, MonitoringPlan.public_objects.all())
            .select_related("council")
            .defer("council__search_text")
            .prefetch_related(Prefetch("lines", queryset=plan_lines(user)))
            .order_by("-year", "council__slug", "id")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_standings(line for plan in page for line in plan.lines.all())
        return page

    def get_object(self):
        plan = super().get_object()
        attach_standings(plan.lines.all())
        return plan


# The library of methods -------------------------------------------------------------------------


class ItemVersionSerializer(serializers.ModelSerializer):
    questions = serializers.JSONField(
        read_only=True,
        help_text=_(
            "A checklist's questions: code, text, kind, required, unit, choices, relevant (asked "
            "only if the question named has one of the values; empty: always asked), minimum "
            "and maximum (the limits of a number; null without one)"
        ),
    )
    indicators = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("A scorecard indicator set's indicators"),
    )
    body = serializers.CharField(
        read_only=True, help_text=_("A guide's or a letter template's text")
    )
    file = serializers.SerializerMethodField(
        help_text=_("The public copy of the version's file; null without one")
    )
    campaigns = serializers.SerializerMethodField(
        help_text=_("Slugs of the published campaigns that started from this version")
    )

    class Meta:
        model = ItemVersion
        fields = [
            "number",
            "change_note",
            "questions",
            "indicators",
            "body",
            "file",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
            "campaigns",
        ]

    def get_file(self, version) -> str | None:
        if not version.public_file:
            return None
        path = reverse("methods:file", kwargs={"slug": version.item.slug})
        return _absolute(self.context, f"{path}?version={version.number}")

    def get_campaigns(self, version) -> list[str]:
        return [use.campaign.slug for use in version.public_uses]


class LibraryItemSerializer(PortalUrlMixin, serializers.ModelSerializer):
    kind_label = label_of("kind", _("The kind, in words"))
    author = NamedOrganisationSerializer(read_only=True, help_text=_("The NGO that wrote it"))
    language = serializers.CharField(
        read_only=True, help_text=_("The language it is written in: kk, ru or en")
    )
    versions = ItemVersionSerializer(many=True, read_only=True)

    class Meta:
        model = LibraryItem
        fields = [
            "slug",
            "kind",
            "kind_label",
            "title",
            "summary",
            "language",
            "object_kind",
            "author",
            "licence",
            "published_at",
            "versions",
            "url",
        ]


class LibraryItemFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=ItemKind.choices, label=_("Kind"))
    language = df.ChoiceFilter(choices=Language.choices, label=_("Language"))
    object_kind = df.ChoiceFilter(
        choices=registry.ProjectObject.Kind.choices, label=_("Kind of object")
    )
    author = df.CharFilter(field_name="author__slug", label=_("Slug of the author organisation"))

    class Meta:
        model = LibraryItem
        fields = ["kind", "language", "object_kind", "author"]


class LibraryItemViewSet(ReadOnlyApiViewSet):
    """The library of methods that NGOs share: checklists, scorecard indicator sets, guides and
    templates of letters, published, with every version (its questions, indicators or text, and
    its file) and the published campaigns that started from it."""

    model = LibraryItem
    serializer_class = LibraryItemSerializer
    filterset_class = LibraryItemFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        user = self.request.user
        uses = visible(user, ItemUse.public_objects.all()).select_related("campaign")
        uses = uses.only("id", "version_id", "campaign__slug").order_by("campaign__slug", "id")
        versions = (
            ItemVersion.private_objects.select_related("item")
            .only(
                *(f.attname for f in ItemVersion._meta.concrete_fields if f.name != "original"),
                "item__slug",
            )
            .prefetch_related(Prefetch("uses", queryset=uses, to_attr="public_uses"))
            .order_by("number")
        )
        return (
            visible(user, LibraryItem.public_objects.all())
            .select_related("author")
            .defer("author__search_text")
            .prefetch_related(Prefetch("versions", queryset=versions))
            .order_by("-published_at", "-id")
        )


# Community scorecards ---------------------------------------------------------------------------


class InputItemSerializer(serializers.ModelSerializer):
    entitled = decimal(help_text=_("What the service is entitled to"))
    actual = decimal(help_text=_("What is there"))
    gap = decimal(help_text=_("What is there less what it is entitled to"))

    class Meta:
        model = InputItem
        fields = ["item", "unit", "entitled", "actual", "gap", "source", "note"]


class FocusGroupSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.code", read_only=True, help_text=_("Kind of group"))
    kind_name = serializers.CharField(
        source="kind.name", read_only=True, help_text=_("Kind of group, in words")
    )
    participants = serializers.IntegerField(
        read_only=True, help_text=_("How many took part; never who")
    )

    class Meta:
        model = FocusGroup
        fields = ["id", "kind", "kind_name", "label", "participants"]


class TallySerializer(serializers.Serializer):
    """How many gave each score, paper and online together; never who."""

    count_1 = serializers.IntegerField(read_only=True, help_text=_("How many gave 1"))
    count_2 = serializers.IntegerField(read_only=True, help_text=_("How many gave 2"))
    count_3 = serializers.IntegerField(read_only=True, help_text=_("How many gave 3"))
    count_4 = serializers.IntegerField(read_only=True, help_text=_("How many gave 4"))
    count_5 = serializers.IntegerField(read_only=True, help_text=_("How many gave 5"))
    n = serializers.IntegerField(read_only=True, help_text=_("How many scored"))
    average = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_("The average score from 1 to 5, one decimal; null when nobody scored"),
    )


class GroupTallySerializer(TallySerializer):
    group = serializers.IntegerField(read_only=True, help_text=_("Id of the focus group"))
    reasons = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("The reasons, in the participants' words; never who gave them"),
    )


class ProviderScoreSerializer(serializers.Serializer):
    value = serializers.IntegerField(read_only=True, help_text=_("The provider's own score"))
    reason = serializers.CharField(read_only=True, help_text=_("Why"))


class ScorecardIndicatorSerializer(serializers.ModelSerializer):
    proposed_by = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Ids of the focus groups that proposed it")
    )
    groups = GroupTallySerializer(
        source="result.group_tallies", many=True, read_only=True, help_text=_("Each group's scores")
    )
    community = TallySerializer(
        source="result.community_tally", read_only=True, help_text=_("Every group's together")
    )
    provider = ProviderScoreSerializer(
        source="result.provider",
        read_only=True,
        allow_null=True,
        help_text=_("The provider's self-evaluation; null without one"),
    )
    gap = serializers.DecimalField(
        source="result.gap",
        max_digits=3,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_("The provider's score less the users' average"),
    )

    class Meta:
        model = Indicator
        fields = ["id", "text", "proposed_by", "groups", "community", "provider", "gap"]


class ActionSerializer(serializers.ModelSerializer):
    body = slug_at("body.slug", BODY_SLUG)
    indicator = serializers.IntegerField(
        source="indicator_id", read_only=True, allow_null=True, help_text=_("Id of the indicator")
    )
    commitment = serializers.SerializerMethodField(
        help_text=_("Id of the body's commitment it became, as in /api/commitments/")
    )
    commitment_state = serializers.SerializerMethodField(
        help_text=_("The state of that commitment (as in /api/commitments/); null without one")
    )

    class Meta:
        model = ActionItem
        fields = [
            "action",
            "responsible",
            "due_on",
            "body",
            "indicator",
            "commitment",
            "commitment_state",
        ]

    def _commitment(self, action):
        commitment = action.commitment
        return commitment if commitment is not None and commitment.is_published else None

    def get_commitment(self, action) -> int | None:
        commitment = self._commitment(action)
        return commitment.pk if commitment else None

    @extend_schema_field(serializers.ChoiceField(choices=CommitmentState.values, allow_null=True))
    def get_commitment_state(self, action):
        commitment = self._commitment(action)
        return commitment.state if commitment else None


class ScorecardSerializer(PortalUrlMixin, serializers.ModelSerializer):
    campaign = slug_at("campaign.slug", _("Slug of the campaign"))
    object = slug_at("project_object.slug", _("Slug of the object"))
    round = serializers.IntegerField(
        source="round_number", read_only=True, help_text=_("The round at the object")
    )
    interface_meeting = slug_at(
        "interface_meeting_slug", _("Slug of the interface meeting"), allow_null=True
    )
    inputs = InputItemSerializer(many=True, read_only=True, help_text=_("The input tracking sheet"))
    groups = FocusGroupSerializer(many=True, read_only=True, help_text=_("The focus groups"))
    indicators = ScorecardIndicatorSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True, help_text=_("The joint action plan"))

    class Meta:
        model = Scorecard
        fields = [
            "campaign",
            "object",
            "service",
            "round",
            "interface_meeting",
            "plan_submitted_at",
            "inputs",
            "groups",
            "indicators",
            "actions",
            "url",
        ]


class ScorecardFilter(df.FilterSet):
    object = df.CharFilter(field_name="project_object__slug", label=_("Object slug"))
    body = df.CharFilter(field_name="campaign__bodies__slug", label=BODY_SLUG)

    class Meta:
        model = Scorecard
        fields = ["object", "body"]


class Result:
    """An indicator's scores as the API shows them."""

    def __init__(self, result: scorecard_selectors.IndicatorResult):
        self.group_tallies = [_tally(tally, group=group.pk) for group, tally in result.rows]
        self.community_tally = _tally(result.community)
        self.provider = result.provider
        self.gap = result.gap


def _tally(tally, **extra) -> dict:
    counts = {f"count_{score}": count for score, count in enumerate(tally.counts, start=1)}
    return {**counts, "n": tally.n, "average": tally.average, "reasons": tally.reasons, **extra}


def attach_results(scorecards) -> list:
    """Each indicator's scores (`indicator.result`) for all the scorecards, in three queries."""
    scorecards = list(scorecards)
    groups = [group for s in scorecards for group in s.groups.all()]
    indicators = [indicator for s in scorecards for indicator in s.indicators.all()]
    found = scorecard_selectors.tallies(indicators, groups)
    for scorecard in scorecards:
        for indicator in scorecard.indicators.all():
            indicator.result = Result(
                scorecard_selectors.IndicatorResult(
                    indicator=indicator,
                    rows=[
                        (group, found.get((indicator.pk, group.pk), scorecard_selectors.Tally()))
                        for group in scorecard.groups.all()
                    ],
                    provider=getattr(indicator, "provider_score", None),
                )
            )
    return scorecards


def public_scorecards(user):
    meetings = visible(user, Meeting.public_objects.all())
    return (
        visible(user, Scorecard.public_objects.all())
        .select_related("campaign", "project_object")
        .only(
            "id",
            "campaign_id",
            "project_object_id",
            "service",
            "round_number",
            "plan_submitted_at",
            "campaign__slug",
            "project_object__slug",
        )
        .annotate(interface_meeting_slug=_public_slug(meetings, "interface_meeting_id"))
        .prefetch_related(
            "inputs",
            Prefetch(
                "groups",
                queryset=FocusGroup.private_objects.select_related("kind").defer("invite_token"),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.private_objects.select_related(
                    "provider_score"
                ).prefetch_related(
                    Prefetch("proposed_by", queryset=FocusGroup.private_objects.only("id"))
                ),
            ),
            Prefetch(
                "actions",
                queryset=ActionItem.private_objects.select_related("body", "commitment").only(
                    *(f.attname for f in ActionItem._meta.concrete_fields),
                    "body__slug",
                    "commitment__state",
                    "commitment__is_published",
                ),
            ),
        )
        .order_by("campaign__slug", "id")
    )


class ScorecardViewSet(ReadOnlyApiViewSet):
    """Community scorecards of published campaigns: the service scored at an object and the
    round, the input tracking sheet, the users' focus groups (their kind and how many took part,
    never who), the indicators with how many in each group gave each score from 1 to 5 (paper and
    online together) and the average, the provider's self-evaluation, and the joint action plan
    with the state of each commitment it became. Never who scored, nor a group's invitation."""

    model = Scorecard
    serializer_class = ScorecardSerializer
    filterset_class = ScorecardFilter
    lookup_field = "campaign__slug"
    lookup_url_kwarg = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return public_scorecards(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return attach_results(page) if page is not None else page

    def get_object(self):
        return attach_results([super().get_object()])[0]


# Downloads --------------------------------------------------------------------------------------

MEETINGS = Layout(MeetingSerializer, names={"territory": "territory_slug"})
COMMITMENTS = Layout(
    CommitmentSerializer,
    names={"meeting": "meeting_slug", "scorecard": "scorecard_slug"},
    fields={
        "updates": Joined(lambda c: f"{c['created_at'][:10]} {c['kind']}: {c['text']}".strip())
    },
)


class PlanLineRowSerializer(PlanLineSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True, help_text=_("Id of the plan"))
    council = slug_at("plan.council.slug", _("Slug of the public council"))
    year = serializers.IntegerField(source="plan.year", read_only=True, help_text=_("Year"))

    class Meta(PlanLineSerializer.Meta):
        fields = ["plan", "council", "year", *PlanLineSerializer.Meta.fields]


PLAN_LINES = Layout(
    PlanLineRowSerializer,
    names={"council": "council_slug"},
    fields={"campaigns": Joined(lambda c: f"{c['slug']} ({c['stage']})")},
)


class ScoreRowSerializer(TallySerializer):
    """One row of /data/scorecard-scores.csv: a group's scores of an indicator, or the
    provider's."""

    campaign = serializers.SlugField(read_only=True)
    object = serializers.SlugField(read_only=True)
    round = serializers.IntegerField(read_only=True)
    indicator = serializers.IntegerField(read_only=True)
    indicator_text = serializers.CharField(read_only=True)
    scored_by = serializers.CharField(read_only=True)  # "group" or "provider"
    group = serializers.IntegerField(read_only=True, allow_null=True)
    group_kind = serializers.CharField(read_only=True, allow_null=True)
    group_label = serializers.CharField(read_only=True, allow_null=True)
    participants = serializers.IntegerField(read_only=True, allow_null=True)
    provider_score = serializers.IntegerField(read_only=True, allow_null=True)


SCORES = Layout(
    ScoreRowSerializer,
    after={
        "campaign": "",
        "object": "campaign",
        "round": "object",
        "indicator": "round",
        "indicator_text": "indicator",
        "scored_by": "indicator_text",
        "group": "scored_by",
        "group_kind": "group",
        "group_label": "group_kind",
        "participants": "group_label",
    },
)


def score_rows(scorecards):
    """The rows of the scores, scorecard by scorecard, CSV_BATCH scorecards at a time."""
    chunk = []
    for scorecard in scorecards:
        chunk.append(scorecard)
        if len(chunk) == CSV_BATCH:
            yield from _score_rows(chunk)
            chunk = []
    yield from _score_rows(chunk)


def _score_rows(scorecards):
    for scorecard in attach_results(scorecards):
        groups = {group.pk: group for group in scorecard.groups.all()}
        head = {
            "campaign": scorecard.campaign.slug,
            "object": scorecard.project_object.slug,
            "round": scorecard.round_number,
        }
        for indicator in scorecard.indicators.all():
            about = {**head, "indicator": indicator.pk, "indicator_text": indicator.text}
            for tally in indicator.result.group_tallies:
                group = groups[tally["group"]]
                yield {
                    **about,
                    **tally,
                    "scored_by": "group",
                    "group_kind": group.kind.code,
                    "group_label": str(group),
                    "participants": group.participants,
                    "provider_score": None,
                }
            provider = indicator.result.provider
            if provider is not None:
                yield {
                    **about,
                    **{f"count_{score}": None for score in range(1, 6)},
                    "n": None,
                    "average": None,
                    "scored_by": "provider",
                    "group": None,
                    "group_kind": None,
                    "group_label": None,
                    "participants": None,
                    "provider_score": provider.value,
                }


def line_rows(lines):
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == CSV_BATCH:
            yield from attach_standings(chunk)
            chunk = []
    yield from attach_standings(chunk)


@downloads.download
def meetings_csv(request):
    """Published meetings; the API's filters narrow them."""
    queryset = downloads._api_queryset(MeetingViewSet, request)
    filterset = MeetingFilter(request.GET, queryset=queryset)
    qualifiers = [request.GET.get(name, "") for name in ("kind", "body", "territory")]
    return downloads._filtered_download(request, filterset, MEETINGS, "meetings", qualifiers)


@downloads.download
def commitments_csv(request):
    """Published commitments of state bodies; ?body=, ?state=, ?overdue= narrow them."""
    queryset = downloads._api_queryset(CommitmentViewSet, request)
    filterset = CommitmentFilter(request.GET, queryset=queryset)
    qualifiers = [request.GET.get(name, "") for name in ("body", "state")]
    return downloads._filtered_download(request, filterset, COMMITMENTS, "commitments", qualifiers)


@downloads.download
def council_plan_lines_csv(request):
    """The lines of the approved plans of public monitoring, one row each, with where each
    stands; ?council= and ?year= narrow them."""
    user = request.user
    plans = visible(user, MonitoringPlan.public_objects.all())
    filterset = CouncilPlanFilter(request.GET, queryset=plans)
    if not filterset.is_valid():
        return downloads._bad_filter(filterset)
    lines = (
        plan_lines(user)
        .filter(plan__in=filterset.qs.values("pk"))
        .select_related("plan__council")
        .order_by("-plan__year", "plan__council__slug", "plan_id", "number", "id")
    )
    qualifiers = [request.GET.get("council", "")]
    lang = downloads._requested_language(request)
    return downloads._download(
        request, PLAN_LINES, line_rows(batches(lines)), "council-plan-lines", qualifiers, lang=lang
    )


@downloads.download
def scorecard_scores_csv(request):
    """The scores of the community scorecards of published campaigns: one row per indicator and
    focus group (how many gave each score, never who), and one per indicator for the provider's
    self-evaluation; ?object= and ?body= narrow them."""
    queryset = public_scorecards(request.user)
    filterset = ScorecardFilter(request.GET, queryset=queryset)
    if not filterset.is_valid():
        return downloads._bad_filter(filterset)
    qualifiers = [request.GET.get("object", "")]
    lang = downloads._requested_language(request)
    rows = score_rows(batches(filterset.qs))
    return downloads._download(request, SCORES, rows, "scorecard-scores", qualifiers, lang=lang)
