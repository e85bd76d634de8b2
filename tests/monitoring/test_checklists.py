"""Checklists of field visits: who writes them, the rules of their questions, versions that keep
the wording asked, the XLSForm import with its report of rows not understood, and the pages."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from baqylau.monitoring.checklists import checklist_create, checklist_revise
from baqylau.monitoring.models import Checklist, ChecklistVersion, Question, QuestionKind
from baqylau.monitoring.permissions import can_manage_checklists
from baqylau.monitoring.xlsform import xlsform_parse

from .. import hostile_files
from ..factories import LIBRARY_QUESTIONS
from ..helpers import campaign_urls, codes

pytestmark = pytest.mark.django_db

QUESTIONS = [
    *LIBRARY_QUESTIONS,  # the roof, the floors and the heating
    {"code": "photo", "text": "Photo of the front", "kind": "photo"},
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def checklist(campaign, alice):
    return checklist_create(
        campaign=campaign, title="School site visit", actor=alice, questions=QUESTIONS
    )


slug_url = campaign_urls("monitoring")


# Services --------------------------------------------------------------------------------------


def test_a_coordinator_writes_a_checklist_as_version_1(campaign, checklist, alice):
    version = checklist.versions.get()
    assert (version.number, version.created_by) == (1, alice)
    questions = list(version.questions.all())
    assert [(q.order, q.code, q.kind) for q in questions] == [
        (1, "roof", "yes_no"),
        (2, "floors", "number"),
        (3, "heating", "single_choice"),
        (4, "photo", "photo"),
    ]
    assert questions[0].required and not questions[1].required
    assert questions[1].unit == "floors" and questions[0].unit == ""
    assert questions[2].choices == [
        {"value": "gas", "label": "Gas"},
        {"value": "coal", "label": "Coal"},
    ]


@pytest.mark.parametrize("who", ["bob", "carol", "olga"])
def test_only_a_coordinator_of_the_campaign_writes_checklists(request, campaign, who):
    person = request.getfixturevalue(who)
    assert not can_manage_checklists(person, campaign)
    with pytest.raises(ValidationError) as error:
        checklist_create(campaign=campaign, title="Visit", actor=person, questions=QUESTIONS)
    assert codes(error.value) == {"not_coordinator"}
    assert not Checklist.private_objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "rank"},
        {"text": "  "},
        {"code": "has space"},
        {"kind": "single_choice", "choices": []},
        {"kind": "multiple_choice", "choices": [{"value": "a", "label": "A"}]},
        {"kind": "single_choice", "choices": [{"value": "a"}, {"value": "a"}]},
    ],
)
def test_the_questions_are_checked(campaign, alice, change):
    questions = [QUESTIONS[0] | change, QUESTIONS[1]]
    with pytest.raises(ValidationError) as error:
        checklist_create(campaign=campaign, title="Visit", actor=alice, questions=questions)
    assert codes(error.value) == {"invalid_question"}
    assert "Question 1:" in error.value.messages[0]


def test_codes_are_unique_and_a_checklist_has_a_title_and_questions(campaign, alice):
    with pytest.raises(ValidationError) as error:
        checklist_create(
            campaign=campaign, title="Visit", actor=alice, questions=[QUESTIONS[0], QUESTIONS[0]]
        )
    assert error.value.messages == ["Question 2: another question has the same code."]
    with pytest.raises(ValidationError) as error:
        checklist_create(campaign=campaign, title="", actor=alice, questions=QUESTIONS)
    assert codes(error.value) == {"required"}
    with pytest.raises(ValidationError) as error:
        checklist_create(campaign=campaign, title="Visit", actor=alice, questions=[])
    assert codes(error.value) == {"no_questions"}


def test_a_revision_is_a_new_version_and_the_old_wording_stays(checklist, alice):
    first = checklist.current_version
    changed = [q.as_data() for q in first.questions.all()]
    changed[0]["text"] = "Is the roof finished and watertight?"
    changed.append({"code": "fence", "text": "Is the site fenced?", "kind": "yes_no"})
    second = checklist_revise(checklist=checklist, questions=changed, actor=alice)
    assert second.number == 2 and checklist.current_version == second
    assert first.questions.get(code="roof").text == "Is the roof finished?"
    assert second.questions.get(code="roof").text == "Is the roof finished and watertight?"
    assert first.questions.count() == 4 and second.questions.count() == 5
    assert [q.order for q in second.questions.all()] == [1, 2, 3, 4, 5]


def test_checklists_follow_the_visibility_of_the_campaign(campaign, checklist, alice, carol):
    for model in (Checklist, ChecklistVersion, Question):
        assert not model.public_objects.exists()
        assert model.private_objects.visible_to(alice).exists()
        assert not model.private_objects.visible_to(carol).exists()
    from baqylau.monitoring import services

    services.campaign_publish(campaign=campaign, actor=alice)
    for model in (Checklist, ChecklistVersion, Question):
        assert model.public_objects.exists()
        assert model.private_objects.visible_to(None).exists()


# XLSForm ---------------------------------------------------------------------------------------


def xlsform() -> io.BytesIO:
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    rows = [
        ("type", "name", "label::Russian (ru)", "label::English (en)", "required", "hint"),
        ("start", "start", None, None, None, None),
        ("note", "intro", "Осмотр школы", "School visit", None, None),
        ("begin_group", "site", "Стройплощадка", "Site", None, None),
        ("select_one yes_no", "roof", "Крыша готова?", "Is the roof finished?", "yes", None),
        ("integer", "floors", "Сколько этажей?", "How many floors?", None, "Unit: floors"),
        ("end_group", None, None, None, None, None),
        ("select_multiple defects", "defects", "Дефекты", "Defects", "true", None),
        ("text", "comment", "Комментарий", "Comment", None, None),
        ("date", "opened", "Дата открытия", None, None, None),
        ("image", "front", "Фото фасада", "Photo of the front", None, None),
        ("geopoint", "where", "Место", "Location", None, None),
        ("rank", "priorities", "Приоритеты", "Priorities", None, None),
        ("select_one missing", "heating", "Отопление", "Heating", None, None),
        ("text", None, "Без имени", "No name", None, None),
        ("select_one ok", "fenced", "Огорожено?", "Is it fenced?", None, None),
    ]
    for row in rows:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in [
        ("list_name", "name", "label::English (en)"),
        ("yes_no", "yes", "Yes"),
        ("yes_no", "no", "No"),
        ("defects", "cracks", "Cracks"),
        ("defects", "leaks", "Leaks"),
        ("ok", "yes", "Yes"),
        ("ok", "no", "No"),
    ]:
        choices.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_an_xlsform_is_read_into_questions_and_problems_by_row():
    questions, problems = xlsform_parse(xlsform())
    assert [(q["code"], q["kind"]) for q in questions] == [
        ("roof", QuestionKind.YES_NO),
        ("floors", QuestionKind.NUMBER),
        ("defects", QuestionKind.MULTIPLE_CHOICE),
        ("comment", QuestionKind.TEXT),
        ("opened", QuestionKind.DATE),
        ("front", QuestionKind.PHOTO),
        ("where", QuestionKind.LOCATION),
        ("fenced", QuestionKind.YES_NO),
    ]
    by_code = {q["code"]: q for q in questions}
    assert by_code["roof"]["text"] == "Is the roof finished?" and by_code["roof"]["required"]
    assert by_code["opened"]["text"] == "Дата открытия"  # the only label there is
    assert by_code["floors"]["unit"] == "floors"
    assert by_code["defects"]["choices"] == [
        {"value": "cracks", "label": "Cracks"},
        {"value": "leaks", "label": "Leaks"},
    ]
    assert [(p.sheet, p.row) for p in problems] == [("survey", 13), ("survey", 14), ("survey", 15)]
    assert "rank" in problems[0].reason
    assert "missing" in problems[1].reason
    assert "no name" in problems[2].reason


def test_labels_follow_the_language_of_the_page():
    from django.utils import translation

    with translation.override("ru"):
        questions, _problems = xlsform_parse(xlsform())
    assert questions[0]["text"] == "Крыша готова?"


def test_a_file_that_is_not_an_xlsx_is_refused():
    with pytest.raises(ValidationError) as error:
        xlsform_parse(io.BytesIO(b"type,name,label\ntext,a,A\n"))
    assert codes(error.value) == {"not_xlsx"}


def test_the_import_is_previewed_then_confirmed(client, campaign, alice):
    client.force_login(alice)
    url = slug_url("checklist_import", campaign)
    upload = SimpleUploadedFile("School visit.xlsx", xlsform().read(), content_type=XLSX)
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "row 13" in html and "rank" in html and "Is the roof finished?" in html
    assert not Checklist.private_objects.exists()
    payload = response.context["confirm_form"].initial["payload"]
    response = client.post(url, {"title": "School visit", "payload": payload})
    checklist = Checklist.private_objects.get()
    assert response.status_code == 302 and response.url == checklist.get_absolute_url()
    assert checklist.title == "School visit"
    assert checklist.current_version.questions.count() == 8

    # A new version from a file, for the same checklist.
    url = slug_url("checklist_import_version", campaign, checklist_id=checklist.pk)
    upload = SimpleUploadedFile("v2.xlsx", xlsform().read(), content_type=XLSX)
    payload = client.post(url, {"file": upload}).context["confirm_form"].initial["payload"]
    client.post(url, {"payload": payload})
    assert checklist.current_version.number == 2


@pytest.mark.parametrize(("make", "message"), hostile_files.HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_is_a_form_error(client, campaign, alice, make, message):
    client.force_login(alice)
    upload = SimpleUploadedFile("form.xlsx", make("survey"), content_type=XLSX)
    response = client.post(slug_url("checklist_import", campaign), {"file": upload})
    assert response.status_code == 200
    assert re.search(message, " ".join(response.context["upload_form"].errors["file"]))
    assert not Checklist.private_objects.exists()


def test_a_tampered_or_wrong_upload_is_refused(client, campaign, alice):
    client.force_login(alice)
    url = slug_url("checklist_import", campaign)
    upload = SimpleUploadedFile("form.csv", b"type,name\n", content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert "not an Excel workbook" in response.content.decode()
    response = client.post(url, {"title": "Visit", "payload": "forged"})
    assert "expired" in response.content.decode()
    assert not Checklist.private_objects.exists()


def test_an_empty_code_is_made_from_the_kazakh_question_unique_in_the_checklist(campaign, alice):
    school = {"code": "", "text": "Мектеп салынды ма?", "kind": "yes_no"}
    checklist = checklist_create(
        campaign=campaign,
        title="Visit",
        actor=alice,
        questions=[
            school,
            {"code": "mektep_salyndy_ma", "text": "Ғимарат", "kind": "text"},
            school | {"text": "Мектеп салынды ма?!"},
            {"code": "", "text": "2025 жылы ашылды ма?", "kind": "yes_no"},
        ],
    )
    assert [q.code for q in checklist.current_version.questions.all()] == [
        "mektep_salyndy_ma-2",
        "mektep_salyndy_ma",
        "mektep_salyndy_ma-3",
        "q_2025_zhyly_ashyldy_ma",
    ]


def test_a_code_in_other_letters_is_refused_saying_why(client, campaign, alice):
    with pytest.raises(ValidationError) as error:
        checklist_create(
            campaign=campaign,
            title="Visit",
            actor=alice,
            questions=[{"code": "мектеп", "text": "Мектеп салынды ма?", "kind": "yes_no"}],
        )
    assert "Latin letters" in error.value.messages[0] and "мектеп" in error.value.messages[0]
    client.force_login(alice)
    question = {"code": "мектеп", "text": "Мектеп салынды ма?", "kind": "yes_no"}
    response = client.post(
        slug_url("checklist_new", campaign), {"title": "Visit", **formset_data([question])}
    )
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors["code"]
    assert "Latin letters" in errors[0] and "leave it empty" in errors[0]
    assert not Checklist.private_objects.exists()
    # Left empty, the code is made and the checklist saved.
    response = client.post(
        slug_url("checklist_new", campaign),
        {"title": "Visit", **formset_data([question | {"code": ""}])},
    )
    assert response.status_code == 302
    assert Question.private_objects.get().code == "mektep_salyndy_ma"


# Pages -----------------------------------------------------------------------------------------


def formset_data(questions, total=None) -> dict:
    data = {
        "questions-TOTAL_FORMS": str(total or len(questions)),
        "questions-INITIAL_FORMS": "0",
    }
    for i, question in enumerate(questions):
        choices = "\n".join(f"{c['value']}|{c['label']}" for c in question.get("choices", []))
        data |= {
            f"questions-{i}-code": question["code"],
            f"questions-{i}-text": question["text"],
            f"questions-{i}-kind": question["kind"],
            f"questions-{i}-unit": question.get("unit", ""),
            f"questions-{i}-choices": choices,
        }
        if question.get("required"):
            data[f"questions-{i}-required"] = "on"
    for i in range(len(questions), total or 0):
        data[f"questions-{i}-kind"] = "text"
    return data


def test_a_coordinator_writes_and_revises_a_checklist_through_the_pages(client, campaign, alice):
    client.force_login(alice)
    response = client.post(
        slug_url("checklist_new", campaign), {"title": "Visit", **formset_data(QUESTIONS, 6)}
    )
    checklist = Checklist.private_objects.get()
    assert response.status_code == 302
    defaults = {
        "unit": "",
        "choices": [],
        "required": False,
        "relevant": {},
        "minimum": None,
        "maximum": None,
    }
    assert [q.as_data() for q in checklist.current_version.questions.all()] == [
        defaults | q | {"order": i} for i, q in enumerate(QUESTIONS, 1)
    ]
    revised = [QUESTIONS[0] | {"text": "Is the roof watertight?"}]
    response = client.post(
        slug_url("checklist_revise", campaign, checklist_id=checklist.pk), formset_data(revised)
    )
    assert response.status_code == 302
    page = client.get(checklist.get_absolute_url()).content.decode()
    assert "Is the roof watertight?" in page and "Version 2" in page
    old = client.get(checklist.get_absolute_url() + "?version=1").content.decode()
    assert "Is the roof finished?" in old
    assert client.get(checklist.get_absolute_url() + "?version=9").status_code == 404


def test_errors_of_the_service_come_back_on_the_form(client, campaign, alice):
    client.force_login(alice)
    bad = [QUESTIONS[2] | {"choices": []}]
    response = client.post(slug_url("checklist_new", campaign), {"title": "V", **formset_data(bad)})
    assert response.status_code == 200
    assert "Question 1: a choice question needs two choices." in response.content.decode()


def test_who_may_open_the_checklist_pages(client, campaign, checklist, alice, bob, olga):
    new, detail = slug_url("checklist_new", campaign), checklist.get_absolute_url()
    client.force_login(bob)
    assert client.get(new).status_code == 403
    assert client.get(slug_url("checklist_import", campaign)).status_code == 403
    assert client.get(detail).status_code == 200
    client.force_login(olga)
    assert client.get(detail).status_code == 404
    assert client.get(new).status_code == 404
    client.logout()
    assert client.get(detail).status_code == 404
    from baqylau.monitoring import services

    services.campaign_publish(campaign=campaign, actor=alice)
    assert client.get(detail).status_code == 200
    assert "School site visit" in client.get(campaign.get_absolute_url()).content.decode()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_checklist_pages_answer_in_every_language(client, campaign, checklist, alice, lang):
    client.force_login(alice)
    pages = [
        slug_url("detail", campaign, lang),
        slug_url("checklist_new", campaign, lang),
        slug_url("checklist_import", campaign, lang),
        slug_url("checklist", campaign, lang, checklist_id=checklist.pk),
        slug_url("checklist_revise", campaign, lang, checklist_id=checklist.pk),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == lang
