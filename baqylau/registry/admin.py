"""The back office: staff edit the registry here, each translated field per language."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from baqylau.core.admin import AutocompleteFilter, KeepsPublishedAdmin, LargeListAdmin
from baqylau.core.images import ImageTooLarge, max_pixels, open_image, public_copy
from baqylau.core.publication import is_published

from . import models, plan_imports, services, versions
from .importers.background import progress_of

# What a plan promises, by model: a change of these fields in a published document is a new
# version of its plan, which asks for its source.
PROMISED = {
    models.Indicator: {"baseline_year", "baseline_value"},
    models.IndicatorValue: {"plan"},
    models.ProjectObject: {"planned_start", "planned_end", "capacity"},
    models.Financing: {"planned", "adjusted", "year", "source", "object"},
}
SOURCE_NEEDED = _(
    "The document is published and this changes what it promises: give the source of the change "
    "(the decision that changed the plan)."
)


def _promise_changed(form) -> bool:
    if form.instance.pk is None:
        return False
    return bool(PROMISED.get(form._meta.model, set()) & set(form.changed_data))


class RevisionSourceForm(forms.ModelForm):
    """The back-office form of what a plan promises: a change of a published document asks for
    the source of the change, and is then a new version of its plan."""

    revision_source = forms.CharField(
        label=_("Source of the change"),
        max_length=500,
        required=False,
        help_text=_(
            "Needed when a published plan changes: the decision that changed it, e.g. “Decision "
            "of the akimat of Pavlodar region No. 123 of 12.03.2025”."
        ),
    )
    revision_source_url = forms.URLField(
        label=_("Link to the source"), max_length=500, required=False, assume_scheme="https"
    )
    revision_source_file = forms.FileField(label=_("File of the source"), required=False)
    revision_takes_effect = forms.DateField(
        label=_("The change takes effect on"),
        required=False,
        help_text=_("Today when left empty."),
    )

    def clean(self):
        cleaned = super().clean()
        document = _document_of(self.instance)
        if (
            document is not None
            and document.is_published
            and _promise_changed(self)
            and not (cleaned.get("revision_source") or "").strip()
        ):
            self.add_error("revision_source", SOURCE_NEEDED)
        return cleaned


class RevisionSourceFormSet(forms.BaseInlineFormSet):
    """An inline of promised values: a changed one of a published document needs the source
    given in the form above."""

    def clean(self):
        super().clean()
        document = _document_of(self.instance)
        if document is None or not document.is_published:
            return
        if (self.data.get("revision_source") or "").strip():
            return
        if any(_promise_changed(form) for form in self.forms if form.has_changed()):
            raise ValidationError(SOURCE_NEEDED, code="source_required")


def _document_of(instance):
    if instance is None or instance.pk is None:
        return None
    if isinstance(instance, models.PlanningDocument):
        return instance
    if isinstance(instance, models.Indicator):
        return instance.goal.document
    return getattr(instance, "document", None)


class RevisesPlanAdmin(admin.ModelAdmin):
    """Saves a change of a published document as one new version of its plan, with the source
    the form was given (nothing is kept as a version when no promise changed)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        document = _document_of(obj)
        if request.method != "POST" or document is None or not document.is_published:
            return super().changeform_view(request, object_id, form_url, extra_context)
        post = request.POST
        takes_effect = None
        try:
            takes_effect = forms.DateField().clean(post.get("revision_takes_effect") or None)
        except ValidationError:
            takes_effect = None
        try:
            with versions.plan_revision(
                document=document,
                source=post.get("revision_source", ""),
                source_url=post.get("revision_source_url", ""),
                source_file=request.FILES.get("revision_source_file"),
                takes_effect=takes_effect,
                user=request.user,
            ):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # Caught by the form first; whatever still lacks its source applies nothing.
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.path)


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
    formset = RevisionSourceFormSet
    extra = 0
    fields = ["year", "source", "currency", "planned", "adjusted", "executed", "object"]
    autocomplete_fields = ["object"]


class PlanVersionInline(admin.TabularInline):
    model = models.PlanVersion
    extra = 0
    fields = ["number", "takes_effect", "source", "source_url", "source_file", "recorded_at"]
    readonly_fields = ["number", "recorded_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # versions are made by the changes themselves

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.PlanningDocument)
class PlanningDocumentAdmin(
    RevisesPlanAdmin, KeepsPublishedAdmin, LargeListAdmin, TranslationAdmin
):
    list_display = ["title", "doc_type", "start_year", "end_year", "status", "is_published"]
    list_filter = ["doc_type", "status", "is_published", ("territory", AutocompleteFilter)]
    search_fields = ["title_kk", "title_ru", "title_en", "code", "slug", "iati_identifier"]
    autocomplete_fields = ["territory", "responsible_bodies"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["published_at", "updated_at", "import_file"]
    inlines = [DirectionInline, GoalInline, FinancingInline, PlanVersionInline]
    actions = ["publish"]
    form = RevisionSourceForm

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="registry_planningdocument_import",
            ),
            *super().get_urls(),
        ]

    def may_import(self, request, document) -> bool:
        return self.has_change_permission(request, document) and request.user.has_perm(
            "registry.add_planimport"
        )

    @admin.display(description=_("import"))
    def import_file(self, document):
        if document is None or document.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:registry_planningdocument_import", args=[document.pk]),
            _("Import indicators, financing and objects from a file"),
        )

    def import_view(self, request, pk):
        """Upload a file to import into the document, in the background."""
        document = get_object_or_404(models.PlanningDocument.private_objects, pk=pk)
        if not self.may_import(request, document):
            raise PermissionDenied
        form = PlanImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                options = dict(form.cleaned_data)
                started = plan_imports.plan_import_start(
                    document=document, user=request.user, upload=options.pop("file"), **options
                )
            except ValidationError as error:
                form.add_error("file", error.message_dict.get("file", error.messages))
            else:
                return HttpResponseRedirect(
                    reverse("admin:registry_planimport_change", args=[started.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import into %(document)s") % {"document": document},
            "document": document,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/registry/plan_import_start.html", context)

    @admin.action(description=_("Publish the selected documents"))
    def publish(self, request, queryset):
        for document in queryset:
            services.document_publish(document=document, user=request.user)


class IndicatorValueInline(admin.TabularInline):
    model = models.IndicatorValue
    formset = RevisionSourceFormSet
    extra = 0
    fields = ["year", "plan", "actual", "actual_source", "actual_date"]

    def has_delete_permission(self, request, obj=None):
        # A published plan value is corrected (the correction keeps a revision), never deleted.
        if obj is not None and is_published(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(models.Goal)
class GoalAdmin(LargeListAdmin, TranslationAdmin):
    list_display = ["__str__", "document"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["document"]


@admin.register(models.Indicator)
class IndicatorAdmin(RevisesPlanAdmin, LargeListAdmin, TranslationAdmin):
    form = RevisionSourceForm
    list_display = ["code", "name", "unit", "kind", "direction", "goal"]
    list_filter = ["kind", "direction", ("goal__document", AutocompleteFilter)]
    list_select_related = ["goal"]
    # By goal in plan order, as the index `indicator_list_order` holds them: the model's own order
    # goes through the goal to the document's years and title, sorted across three tables.
    ordering = ["goal_id", "order", "id"]
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
class ProjectObjectAdmin(RevisesPlanAdmin, LargeListAdmin, TranslationAdmin):
    form = RevisionSourceForm
    list_display = ["name", "kind", "status", "territory", "document"]
    list_filter = [
        "kind",
        "status",
        ("territory", AutocompleteFilter),
        ("document", AutocompleteFilter),
    ]
    list_select_related = ["territory", "document"]
    search_fields = ["name_kk", "name_ru", "name_en", "slug", "contract_number", "ocid"]
    autocomplete_fields = ["document", "responsible_body", "contractor"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["territory", "updated_at"]
    inlines = [ObjectPhotoInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("territory__geometry", "document__search_text")

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
class FinancingAdmin(RevisesPlanAdmin, LargeListAdmin):
    form = RevisionSourceForm
    list_display = ["document", "object", "year", "source", "planned", "adjusted", "executed"]
    list_filter = ["source", "year"]
    autocomplete_fields = ["document", "object"]


@admin.register(models.PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "takes_effect", "source", "recorded_at", "recorded_by"]
    list_filter = ["takes_effect"]
    search_fields = ["source", "document__slug", "document__title_ru", "document__title_en"]
    readonly_fields = ["document", "number", "recorded_at", "recorded_by"]
    fields = [
        "document",
        "number",
        "takes_effect",
        "source",
        "source_url",
        "source_file",
        "recorded_at",
        "recorded_by",
    ]

    def has_add_permission(self, request):
        return False  # a version is made by the change it records

    def has_delete_permission(self, request, obj=None):
        return False


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("file (.xlsx or .csv)"))
    kind = forms.ChoiceField(
        label=_("what it holds"),
        choices=[("", _("every sheet of the workbook; indicators for a csv file"))]
        + models.PlanImport.Kind.choices,
        required=False,
    )
    source = forms.CharField(
        label=_("source of the change"),
        max_length=500,
        required=False,
        help_text=_(
            "The decision that changed the plan; required when the file changes what a "
            "published document promises."
        ),
    )
    source_url = forms.URLField(label=_("link to the source"), max_length=500, required=False)
    takes_effect = forms.DateField(
        label=_("takes effect"), required=False, help_text=_("Today when left empty.")
    )
    dry_run = forms.BooleanField(
        label=_("dry run: check the file and count the changes, apply nothing"), required=False
    )


@admin.register(models.PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    """The imports started from a document's page: how far each got, and its report. They are
    started from the document (never added here) and are records: nothing is edited."""

    list_display = ["file_name", "document", "status", "progress", "started_by", "created_at"]
    list_filter = ["status", "dry_run"]
    list_select_related = ["document", "started_by"]
    fields = [
        "document",
        "file_name",
        "kind",
        "source",
        "source_url",
        "takes_effect",
        "dry_run",
        "status",
        "progress",
        "report_shown",
        "started_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    readonly_fields = fields

    class Media:
        js = ["registry/plan_import.js"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, plan_import):
        stage, done, total = progress_of(plan_import)
        running = plan_import.status in {
            models.PlanImport.Status.QUEUED,
            models.PlanImport.Status.RUNNING,
        }
        labels = {"read": _("rows read"), "apply": _("rows applied")}
        label = labels.get(stage, _("waiting for the worker"))
        if total:
            return format_html(
                '<progress value="{}" max="{}"{}>{} %</progress> {}: {} / {}',
                done,
                total,
                format_html(" data-plan-import-running") if running else "",
                done * 100 // total,
                label,
                done,
                total,
            )
        if not running:  # ended before it knew its total: no bar that seems to go on
            return format_html("{}: {}", label, done)
        return format_html("<progress data-plan-import-running></progress> {}: {}", label, done)

    @admin.display(description=_("report"))
    def report_shown(self, plan_import):
        report = plan_import.report or {}
        if not report:
            return "—"
        lines = []
        if report.get("message"):
            lines.append(report["message"])
        errors = report.get("errors") or []
        if errors:
            lines.append(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    len(errors),
                )
                % {"count": len(errors)}
            )
            lines += [error["text"] for error in errors]
        lines += report.get("summary") or []
        if report.get("version"):
            lines.append(_("Version %(number)d of the plan.") % {"number": report["version"]})
        if report.get("ok") and report.get("dry_run"):
            lines.append(_("Dry run: nothing was saved."))
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((x,) for x in lines))
        )
