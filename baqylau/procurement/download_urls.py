from django.urls import path

from . import downloads

app_name = "procurement_downloads"

urlpatterns = [
    path(
        "procurement/<path:ocid>.json",
        downloads.process_record_package,
        name="record_package",
    ),
]
