"""A world of public and unpublished monitoring, for the tests of what the portal, the API and the
downloads show of it.

One published campaign has sent its final document: a finding about the school (with a
geotagged photo), a finding about the roads indicator, and a recommendation on each to the
education department, which has answered the first; the monitors verified it as carried out.
An unpublished campaign about the same school, document and body has its own finding,
recommendation and photo: none of it may reach any public page, API or download, for any persona
(the `world` fixture in tests/conftest.py builds it).
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.accountability import services as accountability
from baqylau.accountability.models import Recommendation
from baqylau.core.calendar import WorkingCalendar
from baqylau.monitoring.evidence import evidence_add
from baqylau.monitoring.models import Campaign
from baqylau.monitoring.visits import visit_record

from .cycle import add_finding, add_recommendation, finished_control, write_document
from .helpers import blank_pdf, geotagged_jpeg

# Whatever would show that the unpublished campaign leaked.
SECRETS = ["Secret audit", "SECRET-FINDING", "SECRET-RECOMMENDATION", "secret-audit"]


def photo_of(campaign, person, obj, *, today):
    visit = visit_record(campaign=campaign, object=obj, visited_on=today, actor=person)
    upload = SimpleUploadedFile("roof.jpg", geotagged_jpeg((200, 100)), content_type="image/jpeg")
    return evidence_add(campaign=campaign, visit=visit, upload=upload, actor=person)


def build_world(registry, ngo, alice, bob, body, dana, *, today) -> dict:
    """The published campaign with its answered cycle and the unpublished one (see above). Its
    control ended nine days ago and the document was sent two days ago, so that the second
    recommendation awaits its answer (due in ten working days) whatever day today is."""
    school = registry["school"]
    published = finished_control(
        registry,
        ngo,
        alice,
        today,
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=9),
        monitors=[bob],
        title={"kk": "Мектеп тексерісі", "ru": "Проверка школы", "en": "School check"},
    )
    photo = photo_of(published, bob, school, today=today)
    roof = add_finding(
        published, bob, registry, title="Roof missing at the school", evidence=[photo]
    )
    roads = add_finding(
        published,
        bob,
        registry,
        title="Roads share overstated",
        category="transparency",
        severity="medium",
        project_object=None,
        indicator=registry["indicator"],
        year=2022,
        monitor_value=Decimal("55"),
    )
    first = add_recommendation(
        published, alice, body, [roof], text="Resume the works on the school roof."
    )
    second = add_recommendation(
        published, alice, body, [roads], text="Publish the survey of the roads."
    )
    write_document(published, alice)
    sent_on = today - timedelta(days=2)
    accountability.final_document_send(campaign=published, actor=alice, sent_on=sent_on)
    first.refresh_from_db()
    answer = accountability.answer_give(
        recommendation=first,
        actor=dana,
        decision="accepted",
        reasons="We agree: a new contractor is chosen.",
        answered_on=sent_on + timedelta(days=1),
        measures=[
            accountability.Measure(text="Sign a new contract", due_on=today + timedelta(days=30))
        ],
        files=[
            SimpleUploadedFile("order.pdf", blank_pdf(200, 200), content_type="application/pdf")
        ],
    )
    first.refresh_from_db()
    accountability.verification_record(
        recommendation=first, actor=bob, verification="done", note="The roof is built."
    )
    second.refresh_from_db()
    calendar = WorkingCalendar()
    decision_on = calendar.deadline(calendar.rule("decision-notice"), today)
    notice = accountability.decision_notice_give(
        recommendation=second, actor=dana, decision_on=decision_on, note="Hearing at 10:00."
    )

    hidden = finished_control(
        registry,
        ngo,
        alice,
        today,
        monitors=[bob],
        published=False,
        title={"en": "Secret audit of the school", "ru": "Secret audit школы"},
    )
    hidden_photo = photo_of(hidden, bob, school, today=today)
    hidden_finding = add_finding(
        hidden,
        bob,
        registry,
        title="SECRET-FINDING about the roof",
        document=registry["document"],
        evidence=[hidden_photo],
    )
    hidden_recommendation = add_recommendation(
        hidden, alice, body, [hidden_finding], text="SECRET-RECOMMENDATION to the body."
    )
    return {
        "published": Campaign.private_objects.get(pk=published.pk),
        "hidden": hidden,
        "photo": photo,
        "roof": roof,
        "roads": roads,
        "first": Recommendation.private_objects.get(pk=first.pk),
        "second": Recommendation.private_objects.get(pk=second.pk),
        "answer": answer,
        "notice": notice,
        "hidden_photo": hidden_photo,
        "hidden_finding": hidden_finding,
        "hidden_recommendation": hidden_recommendation,
    }


def more_recommendations(world, registry, alice, body, n, *, today, send=True):
    """n more findings about the school and n recommendations on them, in a second published
    campaign (drafts when not `send`: they are listed too, as "not sent yet")."""
    campaign = finished_control(registry, world["published"].ngo, alice, today)
    for i in range(n):
        finding = add_finding(campaign, alice, registry, title=f"Extra finding {i}")
        add_recommendation(campaign, alice, body, [finding], text=f"Extra recommendation {i}")
    if send:
        write_document(campaign, alice)
        accountability.final_document_send(
            campaign=campaign, actor=alice, sent_on=campaign.ends_on + timedelta(days=7)
        )
