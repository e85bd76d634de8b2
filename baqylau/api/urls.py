from django.urls import path
from rest_framework.routers import DefaultRouter

from . import dialogue, flag_responses, maps, views

app_name = "api"


class Router(DefaultRouter):
    # JSON only: no format suffixes (the browsable API is not installed).
    include_format_suffixes = False


router = Router()
router.register("documents", views.DocumentViewSet, basename="document")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("financing", views.FinancingViewSet, basename="financing")
router.register("objects", views.ObjectViewSet, basename="object")
router.register("plan-versions", views.PlanVersionViewSet, basename="plan-version")
router.register("plan-changes", views.PlanChangeViewSet, basename="plan-change")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("territories", views.TerritoryViewSet, basename="territory")
router.register("requests", views.RequestViewSet, basename="request")
router.register("request-events", views.RequestEventViewSet, basename="request-event")
router.register("request-answers", views.RequestAnswerViewSet, basename="request-answer")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("reports", views.ReportViewSet, basename="report")
router.register(
    "procurement/flag-feedback", flag_responses.FlagFeedbackViewSet, basename="flag-feedback"
)
router.register(
    "procurement/flag-answers", flag_responses.FlagAnswerViewSet, basename="flag-answer"
)
router.register("meetings", dialogue.MeetingViewSet, basename="meeting")
router.register("commitments", dialogue.CommitmentViewSet, basename="commitment")
router.register("councils", dialogue.CouncilViewSet, basename="council")
router.register("council-plans", dialogue.CouncilPlanViewSet, basename="council-plan")
router.register("methods", dialogue.LibraryItemViewSet, basename="library-item")
router.register("scorecards", dialogue.ScorecardViewSet, basename="scorecard")
router.register("procurement/processes", views.ProcessViewSet, basename="process")
router.register("procurement/parties", views.PartyViewSet, basename="party")
router.register("procurement/flags", views.RiskFlagViewSet, basename="risk-flag")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    *router.urls,
]

urlpatterns += [
    path("request-ranking/", views.RequestRankingView.as_view(), name="request_ranking"),
]

urlpatterns += [
    path(
        "recommendation-ranking/",
        views.RecommendationRankingView.as_view(),
        name="recommendation_ranking",
    ),
]

urlpatterns += [
    path("report-ranking/", views.ReportRankingView.as_view(), name="report_ranking"),
]

urlpatterns += [
    path("log/heads/", views.LogHeadsView.as_view(), name="log_heads"),
    path("log/entries/", views.LogEntriesView.as_view(), name="log_entries"),
]

urlpatterns += [
    path("map/objects/", maps.MapObjectsView.as_view(), name="map_objects"),
]
