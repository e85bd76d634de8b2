from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import models


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0
    raw_id_fields = ("campaign", "recommendation")


class MaterialInline(admin.TabularInline):
    model = models.Material
    extra = 0
    fields = ("title", "name", "content_type", "size", "created_at")
    readonly_fields = ("name", "content_type", "size", "created_at")


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "starts_at", "organiser", "is_published", "announced_at")
    list_filter = ("kind", "is_published")
    search_fields = ("title", "slug", "place")
    raw_id_fields = ("organiser", "territory", "decision_notice", "created_by")
    filter_horizontal = ("bodies",)
    inlines = [AgendaItemInline, MaterialInline]
    date_hierarchy = "starts_at"


@admin.register(models.AnnouncementRule)
class AnnouncementRuleAdmin(TranslationAdmin):
    list_display = ("kind", "days", "working_days", "legal_reference")


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "meeting", "moderation", "created_at")
    list_filter = ("moderation",)
    raw_id_fields = ("meeting", "author")


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "item", "body", "due_on", "commitment")
    raw_id_fields = ("item", "body", "commitment")


class CommitmentUpdateInline(admin.TabularInline):
    model = models.CommitmentUpdate
    extra = 0
    raw_id_fields = ("author",)


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "body", "state", "due_on", "is_published")
    list_filter = ("state", "is_published")
    raw_id_fields = ("body", "meeting", "proposed_by_organisation", "proposed_by", "accepted_by")
    inlines = [CommitmentUpdateInline]


admin.site.register(models.Registration)
