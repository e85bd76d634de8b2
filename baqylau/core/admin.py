"""The calendar and the deadline rules, corrected by administrators when the law or the
government's calendar changes."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import CalendarDay, DeadlineRule
from .publication import is_published, withdrawable
from .withdrawals import record_withdraw


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            year = int(self.value())
            return queryset.for_years(year, year)
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(TranslationAdmin):
    list_display = ["date", "weekday", "name", "kind", "source"]
    list_filter = ["kind", YearFilter, "source"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    date_hierarchy = "date"
    readonly_fields = ["source", "updated_at"]
    fields = ["date", "kind", "name", "source", "updated_at"]

    @admin.display(description=_("day of the week"), ordering="date")
    def weekday(self, obj):
        return date_format(obj.date, "l")

    def save_model(self, request, obj, form, change):
        # A day an administrator has touched is theirs: load_calendar no longer overwrites it.
        obj.source = CalendarDay.Source.MANUAL
        super().save_model(request, obj, form, change)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(TranslationAdmin):
    list_display = ["code", "name", "days", "unit", "is_active", "legal_reference"]
    list_filter = ["unit", "is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "legal_reference_ru"]
    readonly_fields = ["updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # The code is how the application asks for a rule; an existing one cannot be renamed.
        return [*self.readonly_fields, "code"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Code refers to rules by their code; a rule that no longer applies is made inactive.
        return False


class KeepsPublishedAdmin(admin.ModelAdmin):
    """The back office of a record the public may have seen: once published it cannot be
    deleted, only withdrawn with a public reason, so that nothing disappears without a trace.
    An unpublished draft can still be deleted, one at a time from its own page.
    `published_via` names the record whose publication a part follows (an answer's request)."""

    published_via = ""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if withdrawable(self.model) and request.user.is_superuser:
            actions["withdraw"] = self.get_action(withdraw)
        return actions

    def has_delete_permission(self, request, obj=None):
        record = getattr(obj, self.published_via) if obj and self.published_via else obj
        if record is not None and is_published(record):
            return False
        return super().has_delete_permission(request, obj)


@admin.action(description=_("Withdraw with a public reason"))
def withdraw(modeladmin, request, queryset):
    """Asks for the public reason, then withdraws each published record selected."""
    reason = request.POST.get("withdrawn_reason", "").strip() if "apply" in request.POST else ""
    if not reason:
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Withdraw with a public reason"),
            "records": list(queryset),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "asked": "apply" in request.POST,
        }
        return TemplateResponse(request, "admin/withdraw.html", context)
    for record in queryset:
        try:
            record_withdraw(record=record, actor=request.user, reason=reason)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{record}: {' '.join(exc.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(request, _("%(record)s is withdrawn.") % {"record": record})
    return None
