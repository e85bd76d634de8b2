"""Findings pages: who sees a finding and who records, changes or deletes one (for every persona,
on a published and an unpublished campaign), the form keeping what was typed when a rule is
broken, the indicator figures beside the plan and the reported actual, evidence shown only as
public copies, the campaign page's findings section, every language, and constant query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.accountability.models import Finding
from baqylau.monitoring.evidence import evidence_add
from baqylau.monitoring.visits import visit_record
from baqylau.registry.models import ProjectObject

from ..cycle import add_finding, add_recommendation, finished_control, sent_campaign
from ..helpers import ACCOUNTABILITY_PERSONAS as PERSONAS
from ..helpers import campaign_urls, count_queries, geotagged_jpeg, jpeg
from ..world import people_registry_and_olga

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared", "fake_pdf")]

TEAM = {"coordinator", "monitor"}
SEES_PRIVATE = TEAM | {"staff"}
PUBLIC_TITLE = {"en": "Published monitoring of the school"}
PRIVATE_TITLE = {"en": "Private monitoring of the school"}


def build_once(today) -> dict:
    """The people, the registry, a monitor of another NGO, and a published and a private campaign
    of alice's at the analysis stage with bob on the team: built once for the module's tests
    (tests/conftest.py), which add their findings in their own transaction."""
    data = people_registry_and_olga()
    registry, ngo, alice, bob = (data[name] for name in ["registry", "ngo", "alice", "bob"])
    published = finished_control(registry, ngo, alice, today, monitors=[bob], title=PUBLIC_TITLE)
    private = finished_control(
        registry, ngo, alice, today, monitors=[bob], published=False, title=PRIVATE_TITLE
    )
    return data | {"published": published, "private": private}


url = campaign_urls("accountability")


def evidence_of(campaign, actor, registry, data=None, name="site.jpg", *, today):
    visit = visit_record(
        campaign=campaign,
        object=registry["school"],
        visited_on=today - timedelta(days=30),
        actor=actor,
    )
    return evidence_add(
        campaign=campaign,
        visit=visit,
        upload=SimpleUploadedFile(name, data or jpeg(), "image/jpeg"),
        actor=actor,
    )


def finding_form(registry, **changes) -> dict:
    return {
        "title": "The roof is missing",
        "category": "quality",
        "severity": "high",
        "description": "Works stopped in May; the roof is missing.",
        "norm": "Contract No. 12, clause 4.1",
        "project_object": registry["school"].pk,
        "document": "",
        "indicator": "",
        "year": "",
        "monitor_value": "",
    } | changes


# Who sees and who acts ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_who_sees_a_finding(as_persona, registry, alice, published, private, who):
    shown = add_finding(published, alice, registry)
    hidden = add_finding(private, alice, registry, title="A private finding")
    client = as_persona(who)
    page = client.get(url("finding", published, number=shown.number))
    assert page.status_code == 200
    assert "The school is 40 % built, not 100 %" in page.content.decode()
    expected = 200 if who in SEES_PRIVATE else 404
    assert client.get(url("finding", private, number=hidden.number)).status_code == expected
    assert client.get(url("finding", published, number=99)).status_code == 404
    detail = client.get(published.get_absolute_url()).content.decode()
    assert url("finding", published, number=shown.number) in detail


def _expected_for_forms(who, campaign_is_public):
    """Forms need a login (a redirect to it), then the campaign in sight (404), then the right to
    record (403)."""
    if who == "anonymous":
        return 302
    if who in TEAM:
        return 200
    if campaign_is_public or who in SEES_PRIVATE:
        return 403
    return 404


@pytest.mark.parametrize("who", PERSONAS)
def test_who_records_and_changes_findings(as_persona, registry, alice, published, private, who):
    client = as_persona(who)
    for campaign, is_public in ((published, True), (private, False)):
        finding = add_finding(campaign, alice, registry)
        expected = _expected_for_forms(who, is_public)
        assert client.get(url("finding_new", campaign)).status_code == expected
        edit = url("finding_edit", campaign, number=finding.number)
        assert client.get(edit).status_code == expected
        assert client.post(edit, finding_form(registry)).status_code in (
            {expected} if expected != 200 else {302}
        )


@pytest.mark.parametrize("who", PERSONAS)
def test_who_deletes_a_finding(as_persona, registry, alice, published, private, who):
    client = as_persona(who)
    for campaign, is_public in ((published, True), (private, False)):
        finding = add_finding(campaign, alice, registry)
        delete = url("finding_delete", campaign, number=finding.number)
        assert client.get(delete).status_code in (302, 404, 405)  # never a GET action
        response = client.post(delete, {"reason": "Twice"})
        if who in TEAM:
            assert response.status_code == 302
            # A public finding is withdrawn with its reason; a private one is deleted.
            kept = Finding.private_objects.filter(pk=finding.pk, withdrawn_reason="Twice")
            assert kept.exists() if is_public else not kept.exists()
        else:
            seen = is_public or who in SEES_PRIVATE
            assert response.status_code == (403 if seen else 404)
            assert Finding.private_objects.filter(pk=finding.pk).exists()


def test_a_monitor_without_a_declaration_may_not_record(client, alice, bob, plan):
    campaign = plan(monitors=[bob], declared=[alice])
    client.force_login(bob)
    assert client.get(url("finding_new", campaign)).status_code == 403
    assert "Record a finding" not in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert "Record a finding" in client.get(campaign.get_absolute_url()).content.decode()


# The form --------------------------------------------------------------------------------------


def test_recording_a_finding_through_the_form(client, registry, alice, bob, published, today):
    evidence = evidence_of(published, bob, registry, today=today)
    client.force_login(bob)
    page = client.get(url("finding_new", published)).content.decode()
    assert evidence.public_file.url in page  # a thumbnail beside the checkbox
    assert evidence.original.url not in page
    response = client.post(
        url("finding_new", published), finding_form(registry, evidence=[evidence.pk])
    )
    finding = Finding.private_objects.get(campaign=published)
    assert response.status_code == 302 and response["Location"] == finding.get_absolute_url()
    assert finding.number == 1 and finding.created_by == bob
    assert finding.project_object == registry["school"]
    assert list(finding.evidence.all()) == [evidence]
    assert finding.norm == "Contract No. 12, clause 4.1"


def test_errors_come_back_on_the_form_with_what_was_typed(client, registry, alice, published):
    client.force_login(alice)
    page = url("finding_new", published)
    nothing = client.post(
        page, finding_form(registry, project_object="", title="Unique title typed")
    )
    html = nothing.content.decode()
    assert nothing.status_code == 200
    assert "Say what the finding concerns" in html
    assert "Unique title typed" in html and "Works stopped in May" in html

    # A figure without an indicator is named on its own field.
    figure = client.post(page, finding_form(registry, monitor_value="12", year="2022"))
    assert figure.status_code == 200
    assert "figure is given for an indicator" in figure.content.decode()
    assert 'value="12"' in figure.content.decode()

    not_a_number = client.post(
        page,
        finding_form(registry, indicator=registry["indicator"].pk, monitor_value="many"),
    )
    assert "Give a number" in not_a_number.content.decode()

    hidden = ProjectObject.private_objects.get(slug="hidden-object")
    unpublished = client.post(page, finding_form(registry, project_object=hidden.pk))
    assert unpublished.status_code == 200
    assert "Select a valid choice" in unpublished.content.decode()
    assert not Finding.private_objects.exists()


def test_the_indicator_choices_are_those_of_the_controlled_documents(
    client, registry, alice, published
):
    from ..factories import GoalFactory, IndicatorFactory, PlanningDocumentFactory

    other = PlanningDocumentFactory(slug="other-plan", is_published=True)
    elsewhere = IndicatorFactory(
        goal=GoalFactory(document=other), name_en="Elsewhere indicator", name_ru="Где-то"
    )
    client.force_login(alice)
    html = client.get(url("finding_new", published)).content.decode()
    assert "Share of roads" in html
    assert "Elsewhere indicator" not in html
    assert "Objects the campaign controls" in html
    response = client.post(
        url("finding_new", published),
        finding_form(registry, indicator=elsewhere.pk, year="2022", monitor_value="1"),
    )
    assert response.status_code == 200 and not Finding.private_objects.exists()


def test_editing_keeps_the_number_and_changes_the_evidence(
    client, registry, alice, published, today
):
    first, second = (
        evidence_of(published, alice, registry, today=today),
        evidence_of(published, alice, registry, today=today),
    )
    finding = add_finding(published, alice, registry, evidence=[first])
    client.force_login(alice)
    page = client.get(url("finding_edit", published, number=1)).content.decode()
    assert "The school is 40 % built, not 100 %" in page
    response = client.post(
        url("finding_edit", published, number=1),
        finding_form(
            registry,
            title="Changed title",
            indicator=registry["indicator"].pk,
            year="2022",
            monitor_value="55,5",
            evidence=[second.pk],
        ),
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.number == 1 and finding.title == "Changed title"
    assert finding.monitor_value == Decimal("55.5") and finding.year == 2022
    assert list(finding.evidence.all()) == [second]


def test_a_public_finding_is_withdrawn_with_a_reason_not_deleted(
    client, registry, alice, published, private
):
    add_finding(published, alice, registry)
    client.force_login(alice)
    html = client.get(url("finding", published, number=1)).content.decode()
    assert url("finding_delete", published, number=1) in html
    assert "Public reason of the withdrawal" in html
    refused = client.post(url("finding_delete", published, number=1), follow=True)
    assert "Say publicly why the record is withdrawn." in refused.content.decode()
    response = client.post(url("finding_delete", published, number=1), {"reason": "Twice"})
    assert response.status_code == 302 and response["Location"].endswith("#findings")
    finding = Finding.private_objects.get(campaign=published)
    assert finding.withdrawn_reason == "Twice"
    own = client.get(url("finding", published, number=1)).content.decode()
    assert "Withdrawn on" in own and url("finding_edit", published, number=1) not in own
    client.logout()
    assert client.get(url("finding", published, number=1)).status_code == 410
    # A finding of a campaign the public never saw is simply deleted.
    add_finding(private, alice, registry)
    client.force_login(alice)
    client.post(url("finding_delete", private, number=1))
    assert not Finding.private_objects.filter(campaign=private).exists()


def test_nothing_changes_once_the_final_document_is_sent(
    client, registry, ngo, alice, bob, body, today
):
    campaign, finding, _recs = sent_campaign(registry, ngo, alice, body, today, monitors=[bob])
    client.force_login(alice)
    detail = client.get(campaign.get_absolute_url()).content.decode()
    assert "Record a finding" not in detail
    html = client.get(url("finding", campaign, number=1)).content.decode()
    assert url("finding_edit", campaign, number=1) not in html
    assert url("finding_delete", campaign, number=1) not in html

    edit = client.get(url("finding_edit", campaign, number=1), follow=True)
    assert "The final document has been sent" in edit.content.decode()
    posted = client.post(url("finding_edit", campaign, number=1), finding_form(registry))
    assert posted.status_code == 200
    assert "The final document has been sent" in posted.content.decode()
    assert "The roof is missing" in posted.content.decode()  # what was typed is kept
    deleted = client.post(url("finding_delete", campaign, number=1), follow=True)
    assert "The final document has been sent" in deleted.content.decode()
    finding.refresh_from_db()
    assert finding.title == "The school is 40 % built, not 100 %"


# The finding page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "plan", "actual", "mine", "from_actual", "from_plan"),
    [
        ("en", "62", "60", "55.5", "-4.5", "-6.5"),
        ("ru", "62", "60", "55,5", "-4,5", "-6,5"),
    ],
)
def test_a_finding_about_an_indicator_shows_plan_actual_and_the_monitors_figure(
    client, registry, alice, published, lang, plan, actual, mine, from_actual, from_plan
):
    add_finding(
        published,
        alice,
        registry,
        project_object=None,
        indicator=registry["indicator"],
        year=2022,
        monitor_value=Decimal("55.5"),
    )
    html = client.get(url("finding", published, lang, number=1)).content.decode()
    cells = [
        f'<td class="num">{plan}</td>',
        f'<td class="num">{actual}</td>',
        f'<td class="num"><strong>{mine}</strong></td>',
        f'<td class="num">{from_actual}</td>',
        f'<td class="num">{from_plan}</td>',
    ]
    for cell in cells:
        assert cell in html
    document = registry["document"]
    assert f"{document.get_absolute_url()}#indicator-{registry['indicator'].pk}" in html


def test_the_finding_page_links_what_it_concerns_and_its_recommendations(
    client, registry, alice, published, body
):
    finding = add_finding(published, alice, registry, document=registry["document"])
    add_recommendation(published, alice, body, [finding], text="Resume the works by June.")
    html = client.get(url("finding", published, number=1)).content.decode()
    assert registry["school"].get_absolute_url() in html
    assert registry["document"].get_absolute_url() in html
    assert url("recommendation", published, number=1) in html
    assert "Resume the works by June." in html
    assert body.get_absolute_url() in html
    assert "Contract No. 12, clause 4.1" in html


def test_public_pages_never_show_originals_or_where_a_photo_was_taken(
    client, registry, alice, bob, published, today
):
    evidence = evidence_of(published, bob, registry, geotagged_jpeg(), name="roof.jpg", today=today)
    assert evidence.latitude is not None and evidence.far_from_object
    add_finding(published, alice, registry, evidence=[evidence])
    for who in (None, bob, alice):
        if who is None:
            client.logout()
        else:
            client.force_login(who)
        for lang in ("en", "ru"):
            for page in (url("finding", published, lang, number=1), published.get_absolute_url()):
                html = client.get(page).content.decode()
                assert evidence.original.url not in html
                assert "/private/" not in html
                for coordinate in (evidence.latitude, evidence.longitude):
                    assert f"{coordinate:.3f}" not in html
                    assert f"{coordinate:.3f}".replace(".", ",") not in html
                    assert "52°" not in html
        html = client.get(url("finding", published, number=1)).content.decode()
        assert evidence.public_file.url in html
        # The digest of the copy shown, not of the original (unless the team publishes it).
        assert evidence.public_sha256 in html and evidence.sha256 not in html
        assert "far from the object" in html
        assert "Distance from the object" in html


# The campaign page -----------------------------------------------------------------------------


def test_the_findings_section(client, registry, alice, bob, published, today):
    client.force_login(bob)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "No finding yet." in html
    assert url("finding_new", published) in html
    evidence = evidence_of(published, bob, registry, today=today)
    add_finding(published, alice, registry, evidence=[evidence])
    add_finding(
        published,
        alice,
        registry,
        title="Roads fell short",
        category="access",
        severity="critical",
        project_object=None,
        indicator=registry["indicator"],
    )
    client.logout()
    html = client.get(published.get_absolute_url()).content.decode()
    assert "No finding yet." not in html
    assert url("finding_new", published) not in html
    assert "Roads fell short" in html and "severity-critical" in html
    assert "1 file of evidence" in html
    assert "Share of roads" in html
    assert registry["school"].get_absolute_url() in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_answer_in_every_language(client, registry, alice, bob, published, lang, today):
    evidence = evidence_of(published, bob, registry, today=today)
    add_finding(
        published,
        alice,
        registry,
        indicator=registry["indicator"],
        year=2022,
        monitor_value=Decimal("61.25"),
        evidence=[evidence],
    )
    for who in (None, bob):
        if who is not None:
            client.force_login(who)
        pages = [
            url("monitoring:detail", published, lang),
            url("finding", published, lang, number=1),
        ]
        if who is not None:
            pages += [
                url("finding_new", published, lang),
                url("finding_edit", published, lang, number=1),
            ]
        for page in pages:
            assert client.get(page).status_code == 200, page


def test_finding_pages_run_a_constant_number_of_queries(
    client, registry, alice, bob, published, today
):
    def grow(n):
        files = [evidence_of(published, bob, registry, today=today) for _ in range(n)]
        finding = add_finding(
            published,
            alice,
            registry,
            indicator=registry["indicator"],
            year=2022,
            monitor_value=Decimal("1"),
            evidence=files,
        )
        for _ in range(n):
            add_recommendation(published, alice, registry["akimat"], [finding])
        return finding

    client.force_login(bob)
    first = grow(1)
    pages = lambda number: (  # noqa: E731
        url("monitoring:detail", published),
        url("finding", published, number=number),
        url("finding_edit", published, number=number),
    )
    small = [count_queries(client, page) for page in pages(first.number)]
    last = grow(5)
    large = [count_queries(client, page) for page in pages(last.number)]
    assert small == large
