"""Reads of monitoring campaigns that span models."""

from django.db.models import Prefetch, Q

from baqylau.accounts.models import Role, User
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from .models import Campaign, CampaignMember, ConflictDeclaration


def campaigns_about(thing) -> list[Campaign]:
    """The published campaigns about a planning document, an object or an organisation, for the
    section on its portal page."""
    qs = Campaign.public_objects.select_related("ngo").only(
        "slug",
        "title_kk",
        "title_ru",
        "title_en",
        "form",
        "status",
        "starts_on",
        "ends_on",
        "ngo__slug",
        "ngo__name_kk",
        "ngo__name_ru",
        "ngo__name_en",
    )
    if isinstance(thing, PlanningDocument):
        qs = qs.about_document(thing)
    elif isinstance(thing, ProjectObject):
        qs = qs.about_object(thing)
    elif isinstance(thing, Organisation):
        qs = qs.about_organisation(thing)
    else:
        raise TypeError(f"No campaigns are about a {type(thing).__name__}")
    return list(qs.order_by("-starts_on", "-id"))


def eligible_members(campaign: Campaign):
    """The NGO's coordinators and monitors who are not on the team now."""
    on_team = campaign.members.active().values("user_id")
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=campaign.ngo_id,
            memberships__role__in=[Role.MONITOR, Role.COORDINATOR],
        )
        .exclude(pk__in=on_team)
        .distinct()
        .order_by("full_name", "email")
    )


def controlled_organisations(campaign: Campaign) -> list[Organisation]:
    """Everyone a team member may have ties to: the state bodies controlled, the bodies
    responsible for the documents and objects controlled, and the objects' contractors."""
    documents = campaign.documents.values("pk")
    objects = campaign.project_objects.all()
    return list(
        Organisation.objects.filter(
            Q(pk__in=campaign.bodies.values("pk"))
            | Q(documents__in=documents)
            | Q(responsible_for__in=objects)
            | Q(contracts__in=objects)
        )
        .distinct()
        .only("slug", "kind", "name_kk", "name_ru", "name_en")
        .order_by("name_ru")
    )


def team(campaign: Campaign) -> list[CampaignMember]:
    """The team, present and past, each member with their declarations (the latest last)."""
    return list(
        campaign.members.select_related("user").prefetch_related(
            Prefetch("declarations", queryset=ConflictDeclaration.private_objects.all())
        )
    )
