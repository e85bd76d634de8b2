"""Reads of monitoring campaigns that span models."""

from django.db.models import Prefetch, Q

from baqylau.accounts.models import Role, User
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject
from baqylau.registry.selectors import map_points

from .models import Campaign, CampaignMember, ConflictDeclaration, Evidence, Visit


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


# Maps and the gallery of campaign pages: public data only -------------------------------------

GALLERY_SIZE = 24
MAP_LIMIT = 500


def _map_objects(campaigns):
    """The public objects the campaigns control or visited: a visit is placed at its object,
    which its page names, never where a photo was taken. By the ids of each (two index
    lookups), not an OR across joins made distinct, which read every object in order."""
    controlled = Campaign.project_objects.through.objects.filter(campaign__in=campaigns)
    visited = Visit.private_objects.filter(campaign__in=campaigns)
    return ProjectObject.public_objects.filter(
        Q(pk__in=controlled.values("projectobject_id"))
        | Q(pk__in=visited.values("project_object_id"))
    )


def campaign_map_points(campaign: Campaign) -> list[dict]:
    return map_points(_map_objects([campaign.pk]).order_by("slug"), limit=MAP_LIMIT)


def published_campaigns_map_points() -> list[dict]:
    """The objects of every published campaign, for the map of the campaign list."""
    campaigns = Campaign.public_objects.values("pk")
    return map_points(_map_objects(campaigns).order_by("slug"), limit=MAP_LIMIT)


def gallery(campaign: Campaign) -> tuple[list[Evidence], int]:
    """The campaign's published photos (their public copies) and how many there are in all.
    Nothing of a campaign that is not published, whoever asks."""
    photos = Evidence.public_objects.filter(
        campaign=campaign, content_type__startswith="image/"
    ).select_related("visit")
    items = list(photos.order_by("created_at", "id")[: GALLERY_SIZE + 1])
    total = len(items) if len(items) <= GALLERY_SIZE else photos.count()
    return items[:GALLERY_SIZE], total
