"""The calendar and the deadline rules, corrected by administrators when the law or the
government's calendar changes; and what the back office's lists of the whole country share: a
count that stops early, filters by a related record found by typing, years read from the ends of
an index."""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
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


class CountsCheaplyPaginator(Paginator):
    """Counts a list up to `cap` rows (10,000, or as far as the page asked for) and no further:
    past that the list shows "more than 10,000" and the pages up to there and one more, so that
    a list costs the same at 20,000 and at 300,000 rows (a full COUNT read every row of the
    table at every request). A filter or a search narrows it."""

    CAP = 10_000

    def __init__(self, *args, page: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = max(self.CAP, page * self.per_page)

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def _long_columns(model) -> list[str]:
    """A model's texts and JSON (a territory's boundary, a document's descriptions and search
    text): what names a record in a list is a short column."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (models.TextField, models.JSONField)) and not field.primary_key
    ]


class ShortColumnsChangeList(ChangeList):
    """A list's page read without the long columns of its records and of the related records
    it shows, but those it displays and those its admin's `list_reads` names (what a record's
    name is made of, when that is a text)."""

    def get_results(self, request):
        super().get_results(request)
        shown = {*self.list_display, *self.model_admin.list_reads}
        deferred = [name for name in _long_columns(self.model) if name not in shown]
        related = self.list_select_related
        for path in related if isinstance(related, (list, tuple)) else ():
            model = self.model
            for step in path.split(LOOKUP_SEP):
                model = model._meta.get_field(step).related_model
            deferred += [f"{path}{LOOKUP_SEP}{name}" for name in _long_columns(model)]
        self.result_list = self.result_list.defer(*deferred)


class LargeListAdmin(admin.ModelAdmin):
    """The back office of a table the size of the country: its list is counted once and no
    further than `CountsCheaplyPaginator.CAP`, its page read without long texts, and its
    filters by a related record (`AutocompleteFilter`) bring their scripts."""

    paginator = CountsCheaplyPaginator
    show_full_result_count = False
    list_reads: tuple[str, ...] = ()  # long columns the list shows all the same (ShortColumns…)
    # Each row of an admin list costs about a quarter of a millisecond to draw (its cells, links
    # and checkbox); a page of 50 halves what a page of 100 costs beyond the frame.
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return ShortColumnsChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        page = request.GET.get(PAGE_VAR, "")
        return self.paginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            page=int(page) if page.isdigit() and len(page) < 8 else 1,
        )

    def action_checkbox(self, obj):
        # The same checkbox as Django's, written directly: through the form renderer's template
        # it cost a quarter of a list's rendering.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @property
    def media(self):
        media = super().media
        if any(
            isinstance(spec, tuple) and issubclass(spec[1], AutocompleteFilter)
            for spec in self.list_filter
        ):
            media += AutocompleteSelect(None, self.admin_site).media
            media += forms.Media(js=["admin/js/jquery.init.js", "js/admin-autocomplete-filter.js"])
        return media


class AutocompleteFilter(admin.RelatedFieldListFilter):
    """A filter by a related record (a document among 3,000, a territory among 224) that is found
    by typing its name, as the back office's autocomplete fields are, instead of a list of every
    record in the sidebar; only the chosen record is read. The related model's admin needs
    `search_fields`. Used with `LargeListAdmin`, which brings the scripts."""

    template = "admin/autocomplete_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.admin_site = model_admin.admin_site
        super().__init__(field, request, params, model, model_admin, field_path)

    def field_choices(self, field, request, model_admin):
        return []  # found by typing, through the admin's autocomplete view

    def has_output(self) -> bool:
        return True

    def choices(self, changelist):
        remove = [self.lookup_kwarg, self.lookup_kwarg_isnull]
        chosen = self.lookup_val[0] if self.lookup_val else None
        attrs = {
            "data-filter-parameter": self.lookup_kwarg,
            "data-filter-query": changelist.get_query_string(remove=[*remove, "p"]),
            "aria-label": self.title,
            "data-width": "100%",  # of the sidebar
        }
        select = forms.ModelChoiceField(
            queryset=self.field.related_model._default_manager.defer(
                *_long_columns(self.field.related_model)
            ),
            to_field_name=self.field.target_field.attname,
            required=False,
            widget=AutocompleteSelect(self.field, self.admin_site, attrs=attrs),
        )
        # Reads the chosen record only (none when nothing is chosen).
        self.select = select.widget.render(f"filter-{self.field_path}", chosen)
        yield {
            "selected": chosen is None and not self.lookup_val_isnull,
            "query_string": changelist.get_query_string(remove=remove),
            "display": gettext("All"),
        }
        if self.include_empty_choice:
            yield {
                "selected": bool(self.lookup_val_isnull),
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                ),
                "display": self.empty_value_display,
            }


class YearListFilter(admin.FieldListFilter):
    """A filter by the year of a date: the years from the first record's to the last's, read from
    the two ends of the field's index, where a date hierarchy read every distinct day of the
    table at every request."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_kwarg = f"{field_path}__year"
        super().__init__(field, request, params, model, model_admin, field_path)
        value = self.used_parameters.get(self.lookup_kwarg)
        self.lookup_val = value[-1] if value else None
        ends = model_admin.get_queryset(request).aggregate(
            first=models.Min(field_path), last=models.Max(field_path)
        )
        self.years = []
        if ends["first"] and ends["last"]:
            first, last = (
                timezone.localtime(day)
                if isinstance(day, datetime) and timezone.is_aware(day)
                else day
                for day in (ends["first"], ends["last"])
            )
            self.years = list(range(last.year, first.year - 1, -1))

    def expected_parameters(self):
        return [self.lookup_kwarg]

    def has_output(self) -> bool:
        return bool(self.years)

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {
            f"{year}__c": models.Count(pk_attname, filter=models.Q(**{self.lookup_kwarg: year}))
            for year in self.years
        }

    def choices(self, changelist):
        counts = self.get_facet_queryset(changelist) if changelist.add_facets else {}
        yield {
            "selected": self.lookup_val is None,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": gettext("All"),
        }
        for year in self.years:
            count = counts.get(f"{year}__c")
            yield {
                "selected": self.lookup_val == str(year),
                "query_string": changelist.get_query_string({self.lookup_kwarg: year}),
                "display": f"{year} ({count})" if count is not None else str(year),
            }
