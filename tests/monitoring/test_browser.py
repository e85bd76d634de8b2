"""A real headless Chromium (Debian's package) through the whole monitoring cycle: a coordinator
plans and publishes a campaign, a monitor records a visit with a photo on a phone, the coordinator
records a finding and a recommendation, writes and sends the final document, the body's officer
answers the recommendation from the inbox, and an anonymous visitor reads the answer on the
public pages."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from PIL import Image

from baqylau.accountability.models import Recommendation
from baqylau.monitoring.models import Campaign, Evidence, Status, Visit

from ..helpers import HAS_CHROMIUM, SCREENSHOTS, geotagged_jpeg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


def _photo(path) -> str:
    """A JPEG written to `path`, as a phone would send it."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 160, 90)).save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return str(path)


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_campaign_visit_finding_document_answer_and_the_public_page(
    open_as,  # noqa: F811
    live_server,
    deadline_rules,  # noqa: F811
    registry,
    ngo,
    alice,
    bob,
    body,
    dana,
    tmp_path,
    today,
):
    base = live_server.url
    school = registry["school"]

    # The coordinator plans the campaign about the school; control ends today.
    coordinator = open_as(alice)
    coordinator.goto(f"{base}/en/monitoring/new/?object={school.slug}")
    coordinator.fill("main [name=title_en]", "School construction in Ekibastuz")
    coordinator.fill("main [name=title_kk]", "Екібастұздағы мектеп құрылысы")
    coordinator.select_option("main [name=bodies]", body.slug)
    coordinator.fill("main [name=goals]", "See whether the school opens on time.")
    coordinator.fill("main [name=tasks]", "Visit the site; compare plan and actual.")
    coordinator.fill("main [name=method]", "Field visits with photos.")
    coordinator.fill("main [name=starts_on]", (today - timedelta(days=30)).isoformat())
    coordinator.fill("main [name=ends_on]", today.isoformat())
    _submit(coordinator, "Plan the campaign")
    campaign = Campaign.private_objects.get()
    campaign_url = f"{base}/en/monitoring/{campaign.slug}/"
    assert coordinator.url == campaign_url

    # The team: the monitor joins; both declare; the campaign is published.
    coordinator.goto(f"{campaign_url}team/")
    coordinator.select_option("main [name=user]", str(bob.pk))
    _submit(coordinator, "Add to the team")
    for page in (coordinator, open_as(bob)):
        page.goto(f"{campaign_url}declaration/")
        page.check("main [name=has_conflict][value=no]")
        page.fill("main [name=ties]", "none")
        _submit(page, "File the declaration")
    coordinator.goto(campaign_url)
    coordinator.locator("#step-publish summary").click()
    _submit(coordinator, "Publish")
    assert Campaign.public_objects.filter(pk=campaign.pk).exists()

    # The monitor records the visit with a photo, on a phone.
    monitor = open_as(bob, width=412, height=915)
    monitor.goto(f"{campaign_url}visits/new/")
    monitor.select_option("main [name=object]", str(school.pk))
    monitor.fill("main [name=notes]", "The roof is missing; no workers on site.")
    monitor.set_input_files("main [name=files]", _photo(tmp_path / "site.jpg"))
    _submit(monitor, "Record the visit")
    evidence = Evidence.private_objects.get()
    assert "/visits/" in monitor.url

    # In progress, then analysis; the coordinator records the finding with the photo.
    for _step in range(2):
        coordinator.goto(campaign_url)
        coordinator.locator("#step-advance summary").click()
        _submit(coordinator, "Record the change")
    coordinator.goto(f"{campaign_url}findings/new/")
    coordinator.fill("main [name=title]", "The school is far behind schedule")
    coordinator.select_option("main [name=category]", "delay")
    coordinator.check("main [name=severity][value=high]")
    coordinator.fill("main [name=description]", "Works stopped in May; the roof is missing.")
    coordinator.select_option("main [name=project_object]", str(school.pk))
    coordinator.check(f"main [name=evidence][value='{evidence.pk}']")
    _submit(coordinator, "Record the finding")
    coordinator.goto(f"{campaign_url}recommendations/new/")
    coordinator.select_option("main [name=body]", str(body.pk))
    coordinator.fill("main [name=text]", "Resume the works and publish the new schedule.")
    coordinator.check("main [name=findings]")
    _submit(coordinator, "Add the recommendation")

    # The final document, in Kazakh, is written and sent.
    coordinator.goto(f"{campaign_url}final-document/edit/")
    coordinator.check("main [name=language][value=kk]")
    coordinator.fill("main [name=place]", "Екібастұз қаласы")
    coordinator.fill("main [name=held_from]", f"{(today - timedelta(days=30)).isoformat()}T09:00")
    coordinator.fill("main [name=held_to]", f"{today.isoformat()}T17:00")
    coordinator.fill("main [name=subjects]", "Білім беру басқармасы: ақпаратты уақытында берді.")
    _submit(coordinator, "Save the final document")
    coordinator.goto(f"{campaign_url}final-document/send/")
    _submit(coordinator, "Continue")
    _submit(coordinator, "Send the final document")
    campaign.refresh_from_db()
    assert campaign.status == Status.DOCUMENT_SENT
    recommendation = Recommendation.private_objects.get()
    assert recommendation.due_on is not None
    assert any(dana.email in message.to for message in mail.outbox)

    # The officer answers it from the inbox.
    officer = open_as(dana)
    officer.goto(f"{base}/en/monitoring/inbox/")
    assert "Resume the works" in officer.locator("main").inner_text()
    officer.screenshot(path=str(SCREENSHOTS / "monitoring-inbox.png"), full_page=True)
    officer.goto(f"{campaign_url}recommendations/1/answer/")
    officer.check("main [name=decision][value=accepted]")
    officer.fill("main [name=reasons]", "The contractor is replaced; works resume in March.")
    officer.fill("main [name=measures-0-text]", "Sign the contract with a new builder")
    officer.fill("main [name=measures-0-due_on]", (today + timedelta(days=60)).isoformat())
    _submit(officer, "Send the answer")
    recommendation.refresh_from_db()
    assert recommendation.state == "accepted"

    # Anyone reads the answer on the public pages, beside what the monitors will verify.
    visitor = open_as(None, width=412, height=915)
    visitor.goto(campaign_url)
    page_text = visitor.locator("main").inner_text()
    assert "The school is far behind schedule" in page_text
    assert "accepted" in page_text
    visitor.screenshot(path=str(SCREENSHOTS / "monitoring-campaign.png"), full_page=True)
    visitor.goto(f"{campaign_url}recommendations/1/")
    page_text = visitor.locator("main").inner_text()
    assert "The contractor is replaced" in page_text
    assert "Sign the contract with a new builder" in page_text
    assert "not verified yet" in page_text
    response = visitor.request.get(f"{campaign_url}final-document.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_monitor_on_a_phone_confirms_a_visit_far_from_its_object(
    open_as, live_server, campaign, bob, registry, tmp_path
):
    far = tmp_path / "far.jpg"
    far.write_bytes(geotagged_jpeg((640, 480)))  # taken in Pavlodar, 130 km from the school
    page = open_as(bob, width=390, height=844)
    page.goto(f"{live_server.url}/en/monitoring/{campaign.slug}/visits/new/?checklist=")
    # The campaign's own object comes first, marked.
    first_group = page.locator("#id_object optgroup").first
    assert first_group.get_attribute("label") == "Objects this campaign controls"
    assert first_group.locator("option").first.inner_text() == "★ School for 600 pupils"
    page.select_option("#id_object", str(registry["school"].pk))
    page.set_input_files("#id_files", str(far))
    _submit(page, "Record the visit")
    ask = page.locator(".visit-far-confirm")
    assert "The photo or position is 130 km from the object" in ask.inner_text()
    box = ask.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not Visit.private_objects.exists()

    page.check("#id_far_confirmed")
    page.set_input_files("#id_files", str(far))
    _submit(page, "Record the visit")
    visit = Visit.private_objects.get()
    assert page.url.endswith(f"/visits/{visit.pk}/") and visit.far_from_object
    assert "far from its object" in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "visit-far-390.png"), full_page=True)
