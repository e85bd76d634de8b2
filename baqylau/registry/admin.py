"""The back office: staff edit the registry here, each translated field per language."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from baqylau.core.admin import KeepsPublishedAdmin
from baqylau.core.images import ImageTooLarge, max_pixels, open_image, public_copy
from baqylau.core.publication import is_published

from . import models, services


@admin.register(models.Territory)
class TerritoryAdmin(TranslationAdmin):
    list_display = ["name", "kind", "parent", "osm_id"]
    list_filter = ["kind"]
    search_fields = ["name_kk", "name_ru", "name_en", "slug"]
    exclude = ["geometry"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(models.Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "kind", "parent", "territory", "email"]
    list_filter = ["kind", "territory"]
    search_fields = [
        "name_kk",
        "name_ru",
        "name_en",
        "short_name_ru",
        "slug",
        "iati_ref",
        "bin",
    ]
    autocomplete_fields = ["parent", "territory"]
    prepopulated_fields = {"slug": ["name_en"]}


class DirectionInline(TranslationTabularInline):
    model = models.Direction
    extra = 0


class GoalInline(TranslationStackedInline):
    model = models.Goal
    extra = 0
    fields = ["direction", "number", "order", "name", "description"]
    show_change_link = True


class FinancingInline(admin.TabularInline):
    model = models.Financing
    extra = 0
    fields = ["year", "source", "currency", "planned", "adjusted", "executed", "object"]
    autocomplete_fields = ["object"]


@admin.register(models.PlanningDocument)
class PlanningDocumentAdmin(KeepsPublishedAdmin, TranslationAdmin):
    list_display = ["title", "doc_type", "start_year", "end_year", "status", "is_published"]
    list_filter = ["doc_type", "status", "is_published", "territory"]
    search_fields = ["title_kk", "title_ru", "title_en", "code", "slug", "iati_identifier"]
    autocomplete_fields = ["territory", "responsible_bodies"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["published_at", "updated_at"]
    inlines = [DirectionInline, GoalInline, FinancingInline]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected documents"))
    def publish(self, request, queryset):
        for document in queryset:
            services.document_publish(document=document)


class IndicatorValueInline(admin.TabularInline):
    model = models.IndicatorValue
    extra = 0
    fields = ["year", "plan", "actual", "actual_source", "actual_date"]

    def has_delete_permission(self, request, obj=None):
        # A published plan value is corrected (the correction keeps a revision), never deleted.
        if obj is not None and is_published(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(models.Goal)
class GoalAdmin(TranslationAdmin):
    list_display = ["__str__", "document"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["document"]


@admin.register(models.Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "unit", "kind", "direction", "goal"]
    list_filter = ["kind", "direction", "goal__document"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["goal"]
    inlines = [IndicatorValueInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not models.IndicatorValue:
            return super().save_formset(request, form, formset, change)
        # Through the service, so a plan changed after publication keeps its history.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for subform in formset.deleted_forms:
            if subform.instance.pk:
                subform.instance.delete()
                formset.deleted_objects.append(subform.instance)
        for subform in formset.forms:
            if not subform.has_changed() or subform in formset.deleted_forms:
                continue
            data = subform.cleaned_data
            existing = subform.instance.pk is not None
            if existing and "year" in subform.changed_data:
                subform.instance.year = data["year"]
                subform.instance.save(update_fields=["year"])
            value = services.indicator_value_set(
                indicator_id=form.instance.pk,
                year=data["year"],
                plan=data["plan"],
                actual=data["actual"],
                actual_source=data["actual_source"],
                actual_date=data["actual_date"],
                user=request.user,
            )
            if existing:
                formset.changed_objects.append((value, subform.changed_data))
            else:
                formset.new_objects.append(value)


@admin.register(models.PlanRevision)
class PlanRevisionAdmin(KeepsPublishedAdmin):
    list_display = ["value", "previous_plan", "new_plan", "revised_at", "recorded_by"]
    readonly_fields = ["value", "previous_plan", "new_plan", "recorded_by"]


class ObjectPhotoForm(forms.ModelForm):
    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            try:
                with open_image(image):
                    pass
            except ImageTooLarge as exc:
                raise ValidationError(
                    _(
                        "The image has more than %(limit)s million pixels. Make it smaller and "
                        "try again."
                    ),
                    code="image_too_large",
                    params={"limit": max_pixels() // 1_000_000},
                ) from exc
            image.seek(0)
        return image


class ObjectPhotoInline(TranslationTabularInline):
    model = models.ObjectPhoto
    form = ObjectPhotoForm
    extra = 0


@admin.register(models.ProjectObject)
class ProjectObjectAdmin(TranslationAdmin):
    list_display = ["name", "kind", "status", "territory", "document"]
    list_filter = ["kind", "status", "territory", "document"]
    search_fields = ["name_kk", "name_ru", "name_en", "slug", "contract_number", "ocid"]
    autocomplete_fields = ["document", "responsible_body", "contractor"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["territory", "updated_at"]
    inlines = [ObjectPhotoInline]

    def save_model(self, request, obj, form, change):
        services.object_locate(obj=obj, save=False)
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            services.object_status_announce(obj=obj, previous=form.initial.get("status", ""))

    def save_formset(self, request, form, formset, change):
        if formset.model is models.ObjectPhoto:
            # Photos are public: store a copy without GPS position or other metadata.
            for subform in formset.forms:
                if "image" in subform.changed_data and subform.cleaned_data.get("image"):
                    subform.instance.image = public_copy(subform.cleaned_data["image"])
        super().save_formset(request, form, formset, change)


@admin.register(models.Financing)
class FinancingAdmin(admin.ModelAdmin):
    list_display = ["document", "object", "year", "source", "planned", "adjusted", "executed"]
    list_filter = ["source", "year"]
    autocomplete_fields = ["document", "object"]
