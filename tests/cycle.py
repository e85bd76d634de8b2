"""A campaign taken through the accountability cycle by the services, for the tests of findings,
recommendations, the final document, the answers and everything that shows them."""

from datetime import timedelta

from django.utils import timezone

from baqylau.accountability import services as accountability
from baqylau.monitoring import services
from baqylau.monitoring.models import Campaign, Status

from .monitoring.test_campaigns import make_campaign


def finished_control(registry, ngo, coordinator, today, *, monitors=(), published=True, **changes):
    """A published campaign whose control ended three weeks ago, at the analysis stage, with the
    coordinator and `monitors` declared."""
    changes = {
        "starts_on": today - timedelta(days=90),
        "ends_on": today - timedelta(days=21),
        **changes,
    }
    campaign = make_campaign(
        registry,
        ngo,
        coordinator,
        today,
        monitors=monitors,
        declared=[coordinator, *monitors],
        published=published,
        **changes,
    )
    # Planned on its first day, as if recorded then.
    campaign.status_changes.update(changed_on=changes["starts_on"])
    for _ in range(2):
        services.campaign_advance(
            campaign=campaign, actor=coordinator, changed_on=changes["ends_on"]
        )
    campaign.refresh_from_db()
    assert campaign.status == Status.ANALYSIS
    return campaign


def add_finding(campaign, actor, registry, **changes):
    values = {
        "title": "The school is 40 % built, not 100 %",
        "category": "delay",
        "severity": "high",
        "description": "Works stopped in May; the roof is missing.",
        "norm": "Contract No. 12, clause 4.1",
        "project_object": registry["school"],
        **changes,
    }
    return accountability.finding_save(campaign=campaign, actor=actor, **values)


def add_recommendation(campaign, actor, body, findings=(), text="Resume the works by June."):
    return accountability.recommendation_save(
        campaign=campaign, actor=actor, body=body, text=text, findings=findings
    )


def write_document(campaign, actor, language="kk"):
    end = timezone.make_aware(
        timezone.datetime.combine(campaign.ends_on, timezone.datetime.min.time())
    )
    return accountability.final_document_save(
        campaign=campaign,
        actor=actor,
        language=language,
        place="Екібастұз, Сәтбаев к-сі, 12",
        held_from=end - timedelta(days=60),
        held_to=end,
        subjects="Білім беру басқармасы: ақпаратты уақытында берді.",
        documents_obtained="The contract and the schedule of works.",
        conclusions="The school will not open on time.",
    )


def sent_campaign(registry, ngo, coordinator, body, today, *, monitors=(), sent_on=None, n=1):
    """A campaign with one finding and `n` recommendations to `body`, its final document sent on
    `sent_on` (a week after the end of control by default)."""
    campaign = finished_control(registry, ngo, coordinator, today, monitors=monitors)
    finding = add_finding(campaign, coordinator, registry)
    recommendations = [
        add_recommendation(campaign, coordinator, body, [finding], text=f"Recommendation {i}")
        for i in range(1, n + 1)
    ]
    write_document(campaign, coordinator)
    accountability.final_document_send(
        campaign=campaign,
        actor=coordinator,
        sent_on=sent_on or campaign.ends_on + timedelta(days=7),
    )
    campaign = Campaign.private_objects.get(pk=campaign.pk)
    for recommendation in recommendations:
        recommendation.refresh_from_db()
    return campaign, finding, recommendations
