"""The field app's JSON endpoints and its service worker, outside the language prefixes."""


app_name = "field_api"
urlpatterns: list = []
