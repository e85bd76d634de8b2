"""The back office edits participation's data (categories, routing, criteria, reasons, the trust
rule) and shows contributions read-only: they change only through the services and the
moderation queue, which keep the public record."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from modeltranslation.admin import TranslationAdmin

from baqylau.core.admin import LargeListAdmin
from baqylau.monitoring.admin import ReadOnlyAdmin, ReadOnlyInline

from . import models, open311


@admin.register(models.Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "code", "object_kinds", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name"]


@admin.register(models.RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["territory", "category", "body"]
    list_filter = ["category"]
    # The territories and bodies are found by name in any language, or by their address.
    search_fields = [
        *(
            f"{field}__name_{lang}"
            for field in ("territory", "body")
            for lang in ("kk", "ru", "en")
        ),
        "territory__slug",
        "body__slug",
    ]
    autocomplete_fields = ["territory", "body"]
    list_select_related = ["territory", "category", "body"]


@admin.register(models.RatingCriterion)
class RatingCriterionAdmin(TranslationAdmin):
    list_display = ["name", "code", "object_kinds", "order"]


@admin.register(models.ModerationReason)
class ModerationReasonAdmin(TranslationAdmin):
    list_display = ["name", "code", "flaggable", "order"]


@admin.register(models.TrustRule)
class TrustRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "min_published", "min_account_days", "roles_trusted"]


class EventInline(ReadOnlyInline):
    model = models.ReportEvent
    fields = ["created_at", "kind", "role", "text", "from_body", "to_body", "moderation"]


@admin.register(models.Report)
class ReportAdmin(ReadOnlyAdmin, LargeListAdmin):
    list_display = ["pk", "title", "category", "status", "moderation", "body", "created_at"]
    list_filter = ["moderation", "status", "category"]
    search_fields = ["title"]
    list_select_related = ["category", "body"]
    inlines = [EventInline]


@admin.register(models.ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "item_type", "item_id", "reason", "moderator"]
    list_filter = ["action", "reason"]


@admin.register(models.Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    """Keys of the Open311 clients that file reports. A new key is made at random and shown once,
    on saving; only its SHA-256 is kept, so a lost key is replaced by a new one and the old one
    deactivated."""

    list_display = ["name", "is_active", "created_at"]
    list_filter = ["is_active"]
    fields = ["name", "is_active"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key, obj.key_sha256 = open311.new_key()
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _("The key of %(client)s is %(key)s. Copy it now: it is not shown again.")
            % {"client": obj.name, "key": key},
        )
