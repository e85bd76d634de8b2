"""What the followers of a campaign, and of what it controls, hear of it (`accounts.following`).
Monitoring and accountability call these from their services, inside the step's transaction."""

from collections.abc import Iterable

from baqylau.accounts.following import Text, announce

from .models import Campaign


def campaign_targets(campaign: Campaign) -> list:
    """The campaign and what it controls: its documents, objects and state bodies."""
    return [
        campaign,
        *campaign.documents.all(),
        *campaign.project_objects.all(),
        *campaign.bodies.all(),
    ]


def campaign_announce(
    campaign: Campaign,
    *,
    kind: str,
    text: Text,
    subject=None,
    path: Text | None = None,
    targets: Iterable | None = None,
    exclude: Iterable = (),
) -> None:
    announce(
        targets=campaign_targets(campaign) if targets is None else targets,
        kind=kind,
        subject=subject or campaign,
        text=text,
        path=path,
        exclude=exclude,
    )
