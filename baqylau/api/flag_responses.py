"""What monitors and bodies said of procurement's red flags, as open data: the monitors' standing
feedback (with the public copies of its files, never the originals) and the bodies' standing
answers, in the API (`/api/procurement/flag-feedback/`, `/api/procurement/flag-answers/`) and
as CSV (`/data/procurement-flag-feedback.csv`, `/data/procurement-flag-answers.csv`) through the
same serializers. A withdrawn item leaves both; its API address answers 404 and its page says
it was withdrawn."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as df
from rest_framework import serializers

from baqylau.procurement.models import FeedbackFile, FlagAnswer, FlagFeedback
from baqylau.procurement.responses import public_finding

from . import downloads
from .serializers import PortalUrlMixin, PublicCopyMixin, label_of, slug_at
from .tabular import Joined, Layout
from .views import ReadOnlyApiViewSet

CODE_HELP = _("Code of the risk indicator (Open Contracting Partnership's red flags), e.g. R018")


class FeedbackFileSerializer(PublicCopyMixin, serializers.ModelSerializer):
    name = serializers.CharField(
        source="original_name", read_only=True, help_text=_("The file's name as sent")
    )
    url = serializers.SerializerMethodField(
        help_text=_("The public copy of the file, made without its metadata")
    )

    class Meta:
        model = FeedbackFile
        fields = ["name", "content_type", "size", "sha256", "url"]


class FlagFeedbackSerializer(PortalUrlMixin, serializers.ModelSerializer):
    ocid = serializers.CharField(
        source="process.ocid", read_only=True, help_text=_("ocid of the contracting process")
    )
    code = serializers.CharField(read_only=True, help_text=CODE_HELP)
    verdict_label = label_of("verdict", _("What checking the flag showed, in words"))
    organisation = slug_at(
        "organisation.slug", _("Slug of the organisation that gave it"), allow_null=True
    )
    finding = serializers.SerializerMethodField(
        help_text=_(
            "The finding of a published campaign that the feedback became, as in /api/findings/"
        )
    )
    files = FeedbackFileSerializer(source="public_files", many=True, read_only=True)

    class Meta:
        model = FlagFeedback
        fields = [
            "id",
            "ocid",
            "code",
            "verdict",
            "verdict_label",
            "note",
            "organisation",
            "created_at",
            "finding",
            "files",
            "url",
        ]

    def get_finding(self, item) -> int | None:
        finding = public_finding(item.finding)
        return finding.pk if finding else None


class FlagAnswerSerializer(PortalUrlMixin, serializers.ModelSerializer):
    ocid = serializers.CharField(
        source="process.ocid", read_only=True, help_text=_("ocid of the contracting process")
    )
    code = serializers.CharField(read_only=True, help_text=CODE_HELP)
    body = slug_at("body.slug", _("Slug of the state body that answered"))

    class Meta:
        model = FlagAnswer
        fields = ["id", "ocid", "code", "body", "text", "answered_at", "url"]


class FlagFeedbackFilter(df.FilterSet):
    ocid = df.CharFilter(field_name="process__ocid", label=_("ocid of the contracting process"))
    code = df.CharFilter(field_name="code", label=CODE_HELP)
    verdict = df.ChoiceFilter(
        choices=FlagFeedback.Verdict.choices, label=_("What checking the flag showed")
    )
    organisation = df.CharFilter(field_name="organisation__slug", label=_("Organisation slug"))

    class Meta:
        model = FlagFeedback
        fields = ["ocid", "code", "verdict", "organisation"]


class FlagAnswerFilter(df.FilterSet):
    ocid = df.CharFilter(field_name="process__ocid", label=_("ocid of the contracting process"))
    code = df.CharFilter(field_name="code", label=CODE_HELP)
    body = df.CharFilter(field_name="body__slug", label=_("State body slug"))

    class Meta:
        model = FlagAnswer
        fields = ["ocid", "code", "body"]


class FlagFeedbackViewSet(ReadOnlyApiViewSet):
    """What monitors of NGOs found when they checked a red flag (a risk indicator, not proof) on a
    contracting process: confirmed, not confirmed or explained, with a note and the public copies
    of their files, and the finding of a campaign it became. Standing feedback only."""

    model = FlagFeedback
    serializer_class = FlagFeedbackSerializer
    filterset_class = FlagFeedbackFilter

    def scope(self, queryset):
        return (
            queryset.select_related("process", "organisation", "finding__campaign")
            .prefetch_related(
                Prefetch(
                    "files", queryset=FeedbackFile.objects.order_by("pk"), to_attr="public_files"
                )
            )
            .order_by("created_at", "id")
        )


class FlagAnswerViewSet(ReadOnlyApiViewSet):
    """State bodies' public answers to red flags on their contracting processes. Standing
    answers only."""

    model = FlagAnswer
    serializer_class = FlagAnswerSerializer
    filterset_class = FlagAnswerFilter

    def scope(self, queryset):
        return queryset.select_related("process", "body").order_by("answered_at", "id")


# Downloads --------------------------------------------------------------------------------------

FEEDBACK = Layout(
    FlagFeedbackSerializer,
    names={"organisation": "organisation_slug", "finding": "finding_id", "files": "file_urls"},
    fields={"files": Joined("url")},
)
ANSWERS = Layout(FlagAnswerSerializer, names={"body": "body_slug"})


@downloads.download
def flag_feedback_csv(request):
    """Monitors' standing feedback on red flags; the API's filters (?ocid=, ?code=, ?verdict=,
    ?organisation=) narrow it."""
    queryset = downloads._api_queryset(FlagFeedbackViewSet, request)
    filterset = FlagFeedbackFilter(request.GET, queryset=queryset)
    qualifiers = [request.GET.get(name, "") for name in ("code", "verdict")]
    return downloads._filtered_download(
        request, filterset, FEEDBACK, "procurement-flag-feedback", qualifiers
    )


@downloads.download
def flag_answers_csv(request):
    """Bodies' standing answers to red flags; ?ocid=, ?code=, ?body= narrow them."""
    queryset = downloads._api_queryset(FlagAnswerViewSet, request)
    filterset = FlagAnswerFilter(request.GET, queryset=queryset)
    qualifiers = [request.GET.get(name, "") for name in ("code", "body")]
    return downloads._filtered_download(
        request, filterset, ANSWERS, "procurement-flag-answers", qualifiers
    )
