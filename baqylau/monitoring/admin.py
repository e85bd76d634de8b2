"""The back office of monitoring campaigns: staff look into a campaign, its team, declarations,
timeline, findings, recommendations and the answers of the bodies. A campaign is the independent
work of its NGO, written by its team through the services, and an answer is the body's, given in
its inbox, so nothing is added or changed here."""

from django.contrib import admin

from baqylau.core.admin import KeepsPublishedAdmin, LargeListAdmin, YearListFilter

from . import models


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MemberInline(ReadOnlyInline):
    model = models.CampaignMember
    fields = ["user", "role", "added_at", "added_by", "left_at"]
    show_change_link = True


class StatusChangeInline(ReadOnlyInline):
    model = models.CampaignStatusChange
    fields = ["changed_on", "status", "note", "actor", "recorded_at"]


class ReadOnlyAdmin(KeepsPublishedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Campaign)
class CampaignAdmin(ReadOnlyAdmin, LargeListAdmin):
    list_display = ["title", "ngo", "form", "status", "starts_on", "ends_on", "is_published"]
    list_filter = ["form", "status", "is_published", ("starts_on", YearListFilter)]
    search_fields = ["slug", "title_kk", "title_ru", "title_en", "ngo__name_ru", "ngo__name_kk"]
    list_select_related = ["ngo"]
    fields = [
        "ngo",
        "slug",
        "title_kk",
        "title_ru",
        "title_en",
        "description_kk",
        "description_ru",
        "description_en",
        "form",
        "documents",
        "project_objects",
        "bodies",
        "goals",
        "tasks",
        "method",
        "starts_on",
        "ends_on",
        "status",
        "publish_capture_details",
        "is_published",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [MemberInline, StatusChangeInline]


class DeclarationInline(ReadOnlyInline):
    model = models.ConflictDeclaration
    fields = ["filed_at", "has_conflict", "ties"]


@admin.register(models.CampaignMember)
class CampaignMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "campaign", "role", "added_at", "left_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "campaign__slug"]
    list_select_related = ["user", "campaign"]
    inlines = [DeclarationInline]


@admin.register(models.ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["member", "has_conflict", "filed_at"]
    list_filter = ["has_conflict"]
    search_fields = ["member__user__email", "member__campaign__slug"]
    list_select_related = ["member__user", "member__campaign"]


class VersionInline(ReadOnlyInline):
    model = models.ChecklistVersion
    fields = ["number", "created_by", "created_at"]
    show_change_link = True


@admin.register(models.Checklist)
class ChecklistAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "created_by", "created_at"]
    search_fields = ["title", "campaign__slug"]
    inlines = [VersionInline]


class QuestionInline(ReadOnlyInline):
    model = models.Question
    fields = ["order", "code", "text", "kind", "required", "unit", "choices"]


@admin.register(models.ChecklistVersion)
class ChecklistVersionAdmin(ReadOnlyAdmin):
    list_display = ["checklist", "number", "created_at"]
    inlines = [QuestionInline]


class VisitAnswerInline(ReadOnlyInline):
    model = models.VisitAnswer
    fields = ["question", "value"]


@admin.register(models.Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "project_object", "visited_on", "recorded_by"]
    list_filter = ["visited_on"]
    inlines = [VisitAnswerInline]


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["name", "campaign", "visit", "content_type", "far_from_object", "created_at"]
    list_filter = ["content_type", "far_from_object"]
    search_fields = ["name", "sha256"]
