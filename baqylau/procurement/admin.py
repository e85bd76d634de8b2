"""The back office of procurement. The facts are loaded from OCDS files (`baqylau import_ocds`)
and shown read-only; what people do here is match the parties the data names to organisations
of the registry (buyers and procuring entities first, by how many processes they have) and link
processes to objects by hand."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baqylau.registry.models import Organisation, ProjectObject

from . import models, services
from .permissions import can_link_objects, can_match_parties

# Rows on the matching screen and candidates shown for a search.
UNMATCHED_SHOWN = 100
CANDIDATES_SHOWN = 30


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReleaseInline(ReadOnly, admin.TabularInline):
    model = models.Release
    fields = ["release_id", "date", "tags", "sha256", "loaded_at"]
    extra = 0


class LinkInline(ReadOnly, admin.TabularInline):
    model = models.ProcessObject
    fields = ["object", "link", "linked_by", "linked_at"]
    extra = 0


@admin.register(models.ContractingProcess)
class ContractingProcessAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "ocid",
        "title",
        "buyer",
        "procurement_method",
        "value_amount",
        "currency",
        "objects_link",
    ]
    list_filter = ["procurement_method", "main_category", "tender_status"]
    search_fields = ["ocid", "title"]
    list_select_related = ["buyer"]
    inlines = [LinkInline, ReleaseInline]
    exclude = ["compiled"]

    @admin.display(description=gettext_lazy("objects"))
    def objects_link(self, process):
        url = reverse("admin:procurement_contractingprocess_objects", args=[process.pk])
        return format_html('<a href="{}">{}</a>', url, _("link to objects"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/objects/",
                self.admin_site.admin_view(self.objects_view),
                name="procurement_contractingprocess_objects",
            ),
            *super().get_urls(),
        ]

    def objects_view(self, request, pk):
        """The objects a process is linked to: add one by hand, remove a link made by hand."""
        if not can_link_objects(request.user):
            raise PermissionDenied
        process = get_object_or_404(models.ContractingProcess, pk=pk)
        here = reverse("admin:procurement_contractingprocess_objects", args=[pk])
        if request.method == "POST":
            try:
                if "unlink" in request.POST:
                    link = get_object_or_404(
                        models.ProcessObject, pk=request.POST["unlink"], process=process
                    )
                    name = str(link.object)
                    services.process_object_unlink(link=link, actor=request.user)
                    self.log_change(request, process, _("Unlinked from %(o)s") % {"o": name})
                else:
                    project_object = get_object_or_404(
                        ProjectObject.private_objects, pk=request.POST.get("object") or 0
                    )
                    services.process_object_link(
                        process=process, project_object=project_object, actor=request.user
                    )
                    self.log_change(request, process, _("Linked to %(o)s") % {"o": project_object})
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Saved."))
            return redirect(here)
        query = request.GET.get("q", "").strip()
        candidates = []
        if query:
            candidates = ProjectObject.private_objects.filter(
                Q(search_text__contains=query.casefold())
                | Q(slug=query)
                | Q(contract_number=query)
                | Q(ocid=query)
            ).select_related("document")[:CANDIDATES_SHOWN]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Objects of %(process)s") % {"process": process},
            "opts": self.model._meta,
            "process": process,
            "links": process.object_links.select_related("object", "linked_by"),
            "query": query,
            "candidates": candidates,
        }
        return TemplateResponse(request, "admin/procurement/process_objects.html", context)


@admin.register(models.Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "scheme", "identifier", "organisation", "matched_at"]
    list_filter = ["scheme", ("organisation", admin.EmptyFieldListFilter)]
    search_fields = ["name", "identifier"]
    list_select_related = ["organisation"]
    readonly_fields = ["scheme", "identifier", "name", "organisation", "matched_by", "matched_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "match/",
                self.admin_site.admin_view(self.unmatched_view),
                name="procurement_party_unmatched",
            ),
            path(
                "<int:pk>/match/",
                self.admin_site.admin_view(self.match_view),
                name="procurement_party_match",
            ),
            *super().get_urls(),
        ]

    def unmatched_view(self, request):
        """The parties not matched yet: buyers and procuring entities first, by how many
        processes they have, then the others by how many bids and awards name them."""
        if not can_match_parties(request.user):
            raise PermissionDenied
        parties = (
            models.Party.objects.filter(organisation=None)
            .annotate(
                buys=Count("bought", distinct=True),
                procures=Count("procured", distinct=True),
                bids_count=Count("bids", distinct=True),
                awards_count=Count("awards", distinct=True),
            )
            .order_by("-buys", "-procures", "-awards_count", "-bids_count", "name", "id")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Parties to match to organisations"),
            "opts": self.model._meta,
            "parties": parties[:UNMATCHED_SHOWN],
            "total": models.Party.objects.filter(organisation=None).count(),
        }
        return TemplateResponse(request, "admin/procurement/unmatched.html", context)

    def match_view(self, request, pk):
        """Search the registry's organisations, pick one, save."""
        if not can_match_parties(request.user):
            raise PermissionDenied
        party = get_object_or_404(models.Party, pk=pk)
        if request.method == "POST":
            organisation = Organisation.objects.filter(
                pk=request.POST.get("organisation") or 0
            ).first()
            try:
                services.party_match(party=party, organisation=organisation, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(reverse("admin:procurement_party_match", args=[pk]))
            self.log_change(request, party, _("Matched to %(o)s") % {"o": organisation})
            self.message_user(
                request,
                _("%(party)s is matched to %(organisation)s.")
                % {"party": party, "organisation": organisation},
            )
            return redirect(reverse("admin:procurement_party_unmatched"))
        query = request.GET.get("q", "").strip() or party.name
        candidates = Organisation.objects.filter(
            Q(search_text__contains=query.casefold()) | Q(bin=query) | Q(slug=query)
        )[:CANDIDATES_SHOWN]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Match %(party)s") % {"party": party},
            "opts": self.model._meta,
            "party": party,
            "query": query,
            "candidates": candidates,
        }
        return TemplateResponse(request, "admin/procurement/match.html", context)


class FactAdmin(ReadOnly, admin.ModelAdmin):
    list_select_related = ["process"]
    search_fields = ["process__ocid"]


@admin.register(models.Release)
class ReleaseAdmin(FactAdmin):
    list_display = ["release_id", "process", "date", "sha256"]


@admin.register(models.Bid)
class BidAdmin(FactAdmin):
    list_display = ["bid_id", "process", "status", "value_amount", "currency", "date"]
    list_filter = ["status"]


@admin.register(models.Award)
class AwardAdmin(FactAdmin):
    list_display = ["award_id", "process", "status", "value_amount", "currency", "date"]
    list_filter = ["status"]


@admin.register(models.Contract)
class ContractAdmin(FactAdmin):
    list_display = ["contract_id", "process", "status", "value_amount", "currency", "date_signed"]
    list_filter = ["status"]
    search_fields = ["process__ocid", "contract_id", "title"]


@admin.register(models.Amendment)
class AmendmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["amendment_id", "contract", "date", "value_before", "value_after"]
    list_select_related = ["contract"]
