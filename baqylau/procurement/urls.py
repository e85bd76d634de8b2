from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("", views.process_list, name="processes"),
    path("processes/<path:ocid>/", views.process_detail, name="process"),
    path("parties/<int:pk>/", views.party_detail, name="party"),
]
