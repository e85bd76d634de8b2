"""The back office keeps the members of public councils; plans and their lines are shown
read-only: they change only through the services, which keep amendments with their reasons."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from baqylau.monitoring.admin import ReadOnlyAdmin, ReadOnlyInline

from . import models


@admin.register(models.CouncilMember)
class CouncilMemberAdmin(TranslationAdmin):
    list_display = ["name", "council", "role", "since", "until", "is_published"]
    list_filter = ["role", "is_published"]
    search_fields = ["name", "council__slug"]
    list_select_related = ["council"]
    raw_id_fields = ["user"]


class LineInline(ReadOnlyInline):
    model = models.PlanLine
    fields = ["number", "subject", "term_from", "term_to", "term_text", "goals"]


@admin.register(models.MonitoringPlan)
class MonitoringPlanAdmin(ReadOnlyAdmin):
    list_display = ["council", "year", "title", "status", "approved_on", "amendments"]
    list_filter = ["status", "year"]
    list_select_related = ["council"]
    inlines = [LineInline]
