from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from baqylau.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("baqylau.api.urls")),
    path("data/", include("baqylau.api.download_urls")),
    path("data/", include("baqylau.registry.urls")),
    path("data/", include("baqylau.procurement.download_urls")),
    path("open311/v2/", include("baqylau.participation.open311_urls")),
    path("field/", include("baqylau.field.api_urls")),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("baqylau.accounts.urls")),
    path("", include("baqylau.portal.urls_rankings")),
    path("requests/", include("baqylau.inforequests.urls")),
    path("monitoring/", include("baqylau.accountability.urls")),
    path("monitoring/", include("baqylau.monitoring.urls")),
    path("participation/", include("baqylau.participation.urls")),
    path("procurement/", include("baqylau.procurement.urls")),
    path("meetings/", include("baqylau.meetings.urls")),
    path("councils/", include("baqylau.councils.urls")),
    path("methods/", include("baqylau.methods.urls")),
    path("scorecards/", include("baqylau.scorecards.urls")),
    path("field/", include("baqylau.field.urls")),
    path("", include("baqylau.portal.urls")),
)
if settings.DEBUG or not settings.PRODUCTION:
    # Media from local disk on a laptop; in production it comes from S3-compatible storage.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

# Refusals, missing pages and failures in the user's language, saying why and where to go.
handler403 = "baqylau.core.errors.permission_denied"
handler404 = "baqylau.core.errors.page_not_found"
handler500 = "baqylau.core.errors.server_error"
