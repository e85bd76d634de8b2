"""The pages of participation, under /<lang>/participation/ (namespace `participation`). Each
part of the app keeps its patterns in its views module."""

from . import feeds
from .views import confirm, inbox, map, mine, moderation, opinions, report_new, reports

app_name = "participation"

urlpatterns = [
    *confirm.urlpatterns,
    *report_new.urlpatterns,
    *map.urlpatterns,
    *reports.urlpatterns,
    *mine.urlpatterns,
    *feeds.urlpatterns,
    *moderation.urlpatterns,
    *opinions.urlpatterns,
    *inbox.urlpatterns,
]
