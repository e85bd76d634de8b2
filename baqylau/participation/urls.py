"""The pages of participation, under /<lang>/participation/ (namespace `participation`). Each
part of the app keeps its patterns in its views module."""

from .views import confirm, inbox

app_name = "participation"

urlpatterns = [*confirm.urlpatterns, *inbox.urlpatterns]
