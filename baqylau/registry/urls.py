from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("import-template.xlsx", views.plan_template, name="plan_template"),
]
