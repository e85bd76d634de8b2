"""The dialogue in the open data API and CSV: meetings, commitments, public councils with their
plans, the library of methods and community scorecards.

Each endpoint shows the published records only, to every persona (staff included: open data is
public data): never an unpublished meeting, a draft plan, an unpublished library item, nor the
scorecard or commitments of a private campaign. Who asked a question, who took part in a focus
group or scored online, and a group's invitation token never reach any answer.
"""

from datetime import timedelta

import pytest

from baqylau.accounts.models import Role
from baqylau.api import dialogue
from baqylau.councils.models import CouncilMember
from baqylau.meetings import services as meetings
from baqylau.meetings.models import Commitment, Meeting
from baqylau.scorecards import services as scorecards

from ..factories import (
    LibraryItemFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    council_plan,
    make_council,
)
from ..helpers import PERSONAS, count_queries, read_csv, results

pytestmark = pytest.mark.django_db

PARTICIPANT = {"email": "zhanar.participant@example.org", "full_name": "Zhanar Participantova"}
SECRETS = [
    "DRAFT-MEETING",
    "DRAFT-PLAN-LINE",
    "DRAFT-ITEM",
    "HIDDEN-MEMBER",
    "private-scorecard",
    "PRIVATE-ACTION",
    "QUESTION-HIDDEN",
    PARTICIPANT["email"],
    PARTICIPANT["full_name"],
    "carol@example.org",
]
ENDPOINTS = ["meetings", "commitments", "councils", "council-plans", "methods", "scorecards"]
DOWNLOADS = [
    "meetings.csv",
    "commitments.csv",
    "council-plan-lines.csv",
    "scorecard-scores.csv",
]


def held_meeting(*, organiser, by, body, asker, today, title="Hearing on the school roof"):
    """A published hearing held three days ago, a question asked and supported, minutes with a
    decision for `body` that became its commitment."""
    meeting = MeetingFactory(today=today, organiser=organiser, by=by, title=title, bodies=[body])
    item = meetings.agenda_item_add(meeting=meeting, by=by, title="The roof")
    question = meetings.question_ask(meeting=meeting, by=asker, text="When will it be fixed?")
    meetings.question_support(question=question, by=by)
    hidden = meetings.question_ask(meeting=meeting, by=asker, text="QUESTION-HIDDEN")
    hidden.moderation = "hidden"
    hidden.save()
    held = meeting.starts_at - timedelta(days=20 + 3)  # the factory sets it 20 days ahead
    Meeting.private_objects.filter(pk=meeting.pk).update(starts_at=held)
    meeting.refresh_from_db()
    meetings.decision_add(
        item=item,
        by=by,
        text="Repair the roof",
        votes_for=7,
        votes_against=1,
        votes_abstained=0,
        body=body,
        due_on=today + timedelta(days=60),
        responsible="Construction unit",
    )
    meetings.minutes_write(
        meeting=meeting,
        by=by,
        participants="Members of the council",
        answers={question.pk: "In May"},
    )
    meetings.minutes_publish(meeting=meeting, by=by)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def dialogue_world(registry, ngo, alice, bob, carol, dana, body, today, new_scorecard):
    meeting = held_meeting(organiser=ngo, by=alice, body=body, asker=carol, today=today)
    draft = MeetingFactory(
        today=today, organiser=ngo, by=alice, title="DRAFT-MEETING", bodies=[body], published=False
    )

    public = new_scorecard(monitors=[bob], published=True, slug="school-scorecard")
    scorecards.plan_submit(scorecard=public, by=alice)
    participant = UserFactory(**PARTICIPANT)
    group = public.groups.first()
    registered = scorecards.participant_register(group=group, user=participant)
    scorecards.online_scores_save(
        participant=registered, rows=[(public.indicators.first(), 5, "Warm enough")]
    )
    private = new_scorecard(monitors=[bob], slug="private-scorecard")
    private.actions.update(action="PRIVATE-ACTION")
    scorecards.plan_submit(scorecard=private, by=alice)

    council = make_council()
    MembershipFactory(user=alice, organisation=council, role=Role.COORDINATOR)
    CouncilMember.private_objects.create(council=council, name="Aigerim Chair", role="chair")
    CouncilMember.private_objects.create(council=council, name="HIDDEN-MEMBER", is_published=False)
    plan = council_plan(council, alice, today, lines=2)
    line = plan.lines.first()
    line.campaigns.add(public.campaign, private.campaign)
    draft_plan = council_plan(
        council,
        alice,
        today,
        year=today.year + 1,
        approved=False,
        subject={"kk": "DRAFT-PLAN-LINE", "ru": "DRAFT-PLAN-LINE", "en": "DRAFT-PLAN-LINE"},
    )

    item = LibraryItemFactory(author=ngo, actor=alice, published=True, title="Roof checklist")
    LibraryItemFactory(author=ngo, actor=alice, title="DRAFT-ITEM")
    return {
        "meeting": meeting,
        "draft": draft,
        "scorecard": public,
        "private": private,
        "council": council,
        "plan": plan,
        "draft_plan": draft_plan,
        "item": item,
        "token": group.invite_token,
    }


def everything(client) -> str:
    """Every list, detail and download of the dialogue, as one text."""
    texts = []
    for endpoint in ENDPOINTS:
        response = client.get(f"/api/{endpoint}/?lang=en")
        assert response.status_code == 200, endpoint
        texts.append(response.content.decode())
        for row in response.json()["results"]:
            key = row.get("slug") or row.get("campaign") or row.get("id")
            detail = client.get(f"/api/{endpoint}/{key}/")
            assert detail.status_code == 200, (endpoint, key)
            texts.append(detail.content.decode())
    for download in DOWNLOADS:
        response = client.get(f"/data/{download}")
        assert response.status_code == 200, download
        texts.append(b"".join(response.streaming_content).decode("utf-8-sig"))
    return "\n".join(texts)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_published_and_never_who(client, personas, dialogue_world, persona):
    user = personas[persona]
    if user is not None:
        client.force_login(user)
    text = everything(client)
    for secret in [*SECRETS, dialogue_world["token"]]:
        assert secret not in text, (persona, secret)
    assert "Hearing on the school roof" in text
    assert dialogue_world["draft"].slug not in text
    assert client.get(f"/api/meetings/{dialogue_world['draft'].slug}/").status_code == 404
    assert (
        client.get(f"/api/scorecards/{dialogue_world['private'].campaign.slug}/").status_code == 404
    )
    assert client.get(f"/api/council-plans/{dialogue_world['draft_plan'].pk}/").status_code == 404
    private_commitment = dialogue_world["private"].actions.first().commitment
    assert client.get(f"/api/commitments/{private_commitment.pk}/").status_code == 404


def test_meeting_in_detail(client, dialogue_world, body, ngo):
    meeting = dialogue_world["meeting"]
    rows = results(client.get("/api/meetings/?lang=en"))
    assert [row["slug"] for row in rows] == [meeting.slug]
    assert rows[0]["kind"] == "public_hearing"
    assert rows[0]["kind_label"] == "public hearing"
    assert rows[0]["organiser"]["slug"] == ngo.slug
    assert rows[0]["bodies"] == [body.slug]
    assert rows[0]["has_minutes"] is True
    data = client.get(f"/api/meetings/{meeting.slug}/?lang=en").json()
    assert data["participants"] == "Members of the council"
    [item] = data["agenda"]
    assert item["title"] == "The roof"
    [decision] = item["decisions"]
    assert decision["votes_for"] == 7 and decision["body"] == body.slug
    commitment = Commitment.public_objects.get(meeting=meeting)
    assert decision["commitment"] == commitment.pk
    [question] = data["questions"]
    assert question == {
        "id": question["id"],
        "text": "When will it be fixed?",
        "support_count": 1,
        "answer": "In May",
        "created_at": question["created_at"],
    }


def test_meeting_filters(client, dialogue_world, body, today):
    slug = dialogue_world["meeting"].slug
    assert [r["slug"] for r in results(client.get(f"/api/meetings/?body={body.slug}"))] == [slug]
    assert results(client.get("/api/meetings/?kind=council_session")) == []
    day = today.isoformat()
    assert results(client.get(f"/api/meetings/?starts_from={day}")) == []
    assert len(results(client.get(f"/api/meetings/?starts_to={day}"))) == 1
    assert client.get("/api/meetings/?kind=party").status_code == 400
    assert client.get("/api/meetings/?starts_from=yesterday").status_code == 400


def test_commitments(client, dialogue_world, body, dana):
    rows = results(client.get("/api/commitments/?lang=en"))
    origins = sorted(row["origin"] for row in rows)
    assert origins == ["meeting_decision", "scorecard_action", "scorecard_action"]
    from_meeting = next(row for row in rows if row["origin"] == "meeting_decision")
    assert from_meeting["meeting"] == dialogue_world["meeting"].slug
    assert from_meeting["state"] == "proposed"
    assert from_meeting["responsible"] == "Construction unit"
    actions = [row for row in rows if row["origin"] == "scorecard_action"]
    assert {row["scorecard"] for row in actions} == {"school-scorecard"}
    assert len(results(client.get(f"/api/commitments/?body={body.slug}"))) == 3
    assert results(client.get("/api/commitments/?state=done")) == []
    assert results(client.get("/api/commitments/?overdue=true")) == []
    assert len(results(client.get("/api/commitments/?overdue=false"))) == 3
    assert client.get("/api/commitments/?overdue=maybe").status_code == 400


def test_councils_and_plans(client, dialogue_world):
    [council] = results(client.get("/api/councils/?lang=en"))
    assert council["slug"] == dialogue_world["council"].slug
    assert [m["name"] for m in council["members"]] == ["Aigerim Chair"]
    assert council["plans"] == [dialogue_world["plan"].pk]
    [plan] = results(client.get("/api/council-plans/?lang=en"))
    assert plan["id"] == dialogue_world["plan"].pk
    assert plan["title"] == "Plan of public monitoring"
    first = plan["lines"][0]
    assert first["subject"] == "Construction of the school in Ekibastuz"
    assert [c["slug"] for c in first["campaigns"]] == ["school-scorecard"]
    assert first["state"] in {"not_started", "in_progress", "document_sent", "answered"}
    assert plan["lines"][1]["state"] == "not_started"


def test_library(client, dialogue_world):
    [item] = results(client.get("/api/methods/?lang=en"))
    assert item["slug"] == dialogue_world["item"].slug
    assert item["kind"] == "checklist"
    [version] = item["versions"]
    assert version["number"] == 1
    assert version["questions"][0]["code"] == "roof"
    # The skip logic and the limits of numbers travel with the questions.
    assert {"relevant", "minimum", "maximum"} <= set(version["questions"][0])
    assert version["campaigns"] == []
    assert results(client.get("/api/methods/?kind=guide")) == []


def test_scorecard_scores(client, dialogue_world):
    [card] = results(client.get("/api/scorecards/?lang=en"))
    assert card["campaign"] == "school-scorecard"
    assert [g["participants"] for g in card["groups"]] == [12, 8, 6]
    assert set(card["groups"][0]) == {"id", "kind", "kind_name", "label", "participants"}
    first = card["indicators"][0]
    women = first["groups"][0]
    # The paper counts [2, 3, 4, 2, 1] and one online 5.
    assert [women[f"count_{s}"] for s in range(1, 6)] == [2, 3, 4, 2, 2]
    assert women["n"] == 13
    assert women["average"] == "2.9"  # 38 / 13
    assert first["provider"]["value"] == 4
    assert [a["commitment_state"] for a in card["actions"]] == ["proposed", "proposed"]
    rows = read_csv(client.get("/data/scorecard-scores.csv"))
    assert len(rows) == 2 * 3 + 2
    assert rows[0]["campaign"] == "school-scorecard"
    assert rows[0]["count_5"] == "2"
    assert [r["provider_score"] for r in rows if r["scored_by"] == "provider"] == ["4", "5"]


def test_csv_columns_follow_the_serializers(client, dialogue_world):
    meetings_csv = read_csv(client.get("/data/meetings.csv"))
    assert list(meetings_csv[0]) == dialogue.MEETINGS.header()
    assert meetings_csv[0]["slug"] == dialogue_world["meeting"].slug
    commitments_csv = read_csv(client.get("/data/commitments.csv"))
    assert list(commitments_csv[0]) == dialogue.COMMITMENTS.header()
    assert len(commitments_csv) == 3
    lines = read_csv(client.get("/data/council-plan-lines.csv?lang=en"))
    assert list(lines[0]) == dialogue.PLAN_LINES.header()
    assert [line["number"] for line in lines] == ["1", "2"]
    assert lines[0]["campaigns"].startswith("school-scorecard (")
    assert list(read_csv(client.get("/data/scorecard-scores.csv"))[0]) == (dialogue.SCORES.header())
    assert client.get("/data/commitments.csv?state=lost").status_code == 400


def more_of_everything(dialogue_world, ngo, alice, body, carol, registry, today, new_scorecard):
    for n in range(3):
        held_meeting(
            organiser=ngo, by=alice, body=body, asker=carol, today=today, title=f"Hearing {n}"
        )
        LibraryItemFactory(author=ngo, actor=alice, published=True, title=f"Checklist {n}")
        council = make_council(slug=f"council-{n}")
        MembershipFactory(user=alice, organisation=council, role=Role.COORDINATOR)
        CouncilMember.private_objects.create(council=council, name=f"Member {n}")
        council_plan(council, alice, today, lines=3)
        card = new_scorecard(published=True, slug=f"scorecard-{n}")
        scorecards.plan_submit(scorecard=card, by=alice)


def test_queries_do_not_grow_with_rows(
    client, dialogue_world, ngo, alice, body, carol, registry, today, new_scorecard
):
    urls = [f"/api/{endpoint}/" for endpoint in ENDPOINTS] + [
        f"/data/{download}" for download in DOWNLOADS
    ]
    urls += [
        f"/api/meetings/{dialogue_world['meeting'].slug}/",
        "/api/scorecards/school-scorecard/",
    ]
    before = {url: count_queries(client, url) for url in urls}
    more_of_everything(dialogue_world, ngo, alice, body, carol, registry, today, new_scorecard)
    after = {url: count_queries(client, url) for url in urls}
    assert after == before
    assert len(results(client.get("/api/scorecards/"))) == 4


def test_api_root_and_open_data_page_list_them(client, db):
    root = client.get("/api/").json()
    for endpoint in ENDPOINTS:
        assert endpoint in root
    html = client.get("/en/open-data/").content.decode()
    for download in DOWNLOADS:
        assert f"/data/{download}" in html
    assert "/api/meetings/" in html and "/api/scorecards/" in html
