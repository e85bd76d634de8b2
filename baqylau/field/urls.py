"""The field app's pages, in each language: the offline shell and its manifest."""

app_name = "field"
urlpatterns: list = []
