"""The pages of participation, under /<lang>/participation/ (namespace `participation`). Each
part of the app keeps its patterns in its views module."""

from . import feeds
from .views import confirm, mine

app_name = "participation"

urlpatterns = [*confirm.urlpatterns, *mine.urlpatterns, *feeds.urlpatterns]
