"""A campaign taken through the accountability cycle by the services, for the tests of findings,
recommendations, the final document, the answers and everything that shows them."""

from datetime import timedelta

from django.utils import timezone

from baqylau.accountability import services as accountability
from baqylau.monitoring import services
from baqylau.monitoring.models import Campaign, Status

from .factories import FindingFactory, RecommendationFactory, declared_campaign


def finished_control(registry, ngo, coordinator, today, *, monitors=(), published=True, **changes):
    """A published campaign whose control ended three weeks ago, at the analysis stage, with the
    coordinator and `monitors` declared."""
    changes = {
        "starts_on": today - timedelta(days=90),
        "ends_on": today - timedelta(days=21),
        **changes,
    }
    campaign = declared_campaign(
        registry, ngo, coordinator, today, monitors, published=published, **changes
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
    """A finding about the school of the `registry` fixture, unless `changes` say otherwise."""
    return FindingFactory(campaign=campaign, actor=actor, registry=registry, **changes)


def add_recommendation(campaign, actor, body, findings=(), text="Resume the works by June."):
    return RecommendationFactory(
        campaign=campaign, actor=actor, body=body, findings=findings, text=text
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


def _send(campaign, coordinator, registry, bodies, sent_on):
    """One finding, a recommendation on it to each of `bodies` ("Recommendation 1", 2...), the
    final document written and sent on `sent_on`; returns the finding and the recommendations,
    refreshed."""
    finding = add_finding(campaign, coordinator, registry)
    recommendations = [
        add_recommendation(campaign, coordinator, body, [finding], text=f"Recommendation {i}")
        for i, body in enumerate(bodies, start=1)
    ]
    write_document(campaign, coordinator)
    accountability.final_document_send(campaign=campaign, actor=coordinator, sent_on=sent_on)
    for recommendation in recommendations:
        recommendation.refresh_from_db()
    return finding, recommendations


def sent_campaign(registry, ngo, coordinator, body, today, *, monitors=(), sent_on=None, n=1):
    """A campaign with one finding and `n` recommendations to `body`, its final document sent on
    `sent_on` (a week after the end of control by default)."""
    campaign = finished_control(registry, ngo, coordinator, today, monitors=monitors)
    sent_on = sent_on or campaign.ends_on + timedelta(days=7)
    finding, recommendations = _send(campaign, coordinator, registry, [body] * n, sent_on)
    return Campaign.private_objects.get(pk=campaign.pk), finding, recommendations


def send_document(
    registry, ngo, coordinator, bodies, today, *, ends_on=None, sent_on=None, monitors=()
):
    """A published campaign with one finding and one recommendation to each of `bodies` (in
    order), its final document sent on `sent_on`. By default control ended three weeks ago and
    the document was sent two days ago, so that the answers are due in about a week."""
    changes = {}
    if ends_on is not None:
        changes = {"starts_on": ends_on - timedelta(days=60), "ends_on": ends_on}
    campaign = finished_control(registry, ngo, coordinator, today, monitors=monitors, **changes)
    _finding, recommendations = _send(
        campaign, coordinator, registry, bodies, sent_on or today - timedelta(days=2)
    )
    campaign.refresh_from_db()
    return campaign, recommendations
