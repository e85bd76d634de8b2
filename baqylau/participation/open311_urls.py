"""Open311 GeoReport v2 at /open311/v2/, outside the language prefix (namespace `open311`)."""

from .views import open311

app_name = "open311"

urlpatterns = [*open311.urlpatterns]
