"""The calendar and the deadline rules, corrected by administrators when the law or the
government's calendar changes."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import CalendarDay, DeadlineRule


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
