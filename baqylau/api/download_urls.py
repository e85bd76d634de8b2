from django.urls import path

from . import dialogue, downloads, flag_responses

app_name = "downloads"

urlpatterns = [
    path("indicators.csv", downloads.indicators_csv, name="indicators_csv"),
    path("objects.csv", downloads.objects_csv, name="objects_csv"),
    path("objects.geojson", downloads.objects_geojson, name="objects_geojson"),
    path("territories.geojson", downloads.territories_geojson, name="territories_geojson"),
]

urlpatterns += [
    path("request-ranking.csv", downloads.request_ranking_csv, name="request_ranking_csv"),
]

urlpatterns += [
    path("requests.csv", downloads.requests_csv, name="requests_csv"),
    path("request-events.csv", downloads.request_events_csv, name="request_events_csv"),
]

urlpatterns += [
    path("campaigns.csv", downloads.campaigns_csv, name="campaigns_csv"),
    path("findings.csv", downloads.findings_csv, name="findings_csv"),
    path("recommendations.csv", downloads.recommendations_csv, name="recommendations_csv"),
    path(
        "recommendation-ranking.csv",
        downloads.recommendation_ranking_csv,
        name="recommendation_ranking_csv",
    ),
]

urlpatterns += [
    path("reports.csv", downloads.reports_csv, name="reports_csv"),
    path("report-ranking.csv", downloads.report_ranking_csv, name="report_ranking_csv"),
]

urlpatterns += [
    path(
        "procurement-flag-feedback.csv",
        flag_responses.flag_feedback_csv,
        name="procurement_flag_feedback_csv",
    ),
    path(
        "procurement-flag-answers.csv",
        flag_responses.flag_answers_csv,
        name="procurement_flag_answers_csv",
    ),
    path("plan-versions.csv", downloads.plan_versions_csv, name="plan_versions_csv"),
    path("plan-changes.csv", downloads.plan_changes_csv, name="plan_changes_csv"),
    path("procurement/processes.csv", downloads.processes_csv, name="processes_csv"),
    path("procurement/parties.csv", downloads.parties_csv, name="parties_csv"),
    path("procurement/risk-flags.csv", downloads.risk_flags_csv, name="risk_flags_csv"),
]

urlpatterns += [
    path("meetings.csv", dialogue.meetings_csv, name="meetings_csv"),
    path("commitments.csv", dialogue.commitments_csv, name="commitments_csv"),
    path(
        "council-plan-lines.csv",
        dialogue.council_plan_lines_csv,
        name="council_plan_lines_csv",
    ),
    path("scorecard-scores.csv", dialogue.scorecard_scores_csv, name="scorecard_scores_csv"),
]
