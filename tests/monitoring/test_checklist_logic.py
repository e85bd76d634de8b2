"""Skip logic, number limits and the position accuracy of checklists: a question asked only when
an earlier answer is one of some values, the least and greatest value of a number, the editor's
checks, the checklist page, the visit form's data for its script, and XLSForm in and out."""

import html
import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from baqylau.methods.xlsform import xlsform_questions, xlsform_workbook
from baqylau.monitoring.checklists import checklist_create, checklist_revise, clean_questions
from baqylau.monitoring.models import Checklist, Visit
from baqylau.monitoring.visits import clean_answers, visit_correct, visit_record
from baqylau.monitoring.xlsform import xlsform_parse

from ..helpers import HAS_CHROMIUM, campaign_urls, codes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

QUESTIONS = [
    {"code": "built", "text": "Is the school built?", "kind": "yes_no", "required": True},
    {
        "code": "floors",
        "text": "How many floors?",
        "kind": "number",
        "required": True,
        "minimum": 1,
        "maximum": 12,
        "relevant": {"question": "built", "values": [True]},
    },
    {
        "code": "heating",
        "text": "Which heating?",
        "kind": "single_choice",
        "choices": [
            {"value": "gas", "label": "Gas"},
            {"value": "coal", "label": "Coal"},
            {"value": "none", "label": "None"},
        ],
        "relevant": {"question": "built", "values": [True]},
    },
    {
        "code": "boiler",
        "text": "Where is the boiler?",
        "kind": "text",
        "required": True,
        "relevant": {"question": "heating", "values": ["gas", "coal"]},
    },
    {
        "code": "defects",
        "text": "Which defects?",
        "kind": "multiple_choice",
        "choices": [{"value": "cracks", "label": "Cracks"}, {"value": "leaks", "label": "Leaks"}],
    },
    {
        "code": "leak_where",
        "text": "Where does it leak?",
        "kind": "text",
        "required": True,
        "relevant": {"question": "defects", "values": ["leaks"]},
    },
    {
        "code": "why_not",
        "text": "Why is it not built?",
        "kind": "text",
        "required": True,
        "relevant": {"question": "built", "values": [False]},
    },
]

url = campaign_urls("monitoring")


@pytest.fixture
def checklist(campaign, alice):
    return checklist_create(
        campaign=campaign, title="School visit", actor=alice, questions=QUESTIONS, gps_accuracy_m=15
    )


@pytest.fixture
def version(checklist):
    return checklist.current_version


def answers_of(version, given) -> dict:
    return {q.code: value for q, value in clean_answers(version, given)}


def refused(version, given) -> dict:
    with pytest.raises(ValidationError) as error:
        clean_answers(version, given)
    return {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}


# The rules -------------------------------------------------------------------------------------


def test_the_answer_to_a_question_not_asked_is_dropped(version):
    given = {"built": "no", "floors": "5", "heating": "gas", "boiler": "Cellar", "why_not": "Money"}
    assert answers_of(version, given) == {
        "built": False,
        "floors": None,
        "heating": None,
        "boiler": None,
        "defects": None,
        "leak_where": None,
        "why_not": "Money",
    }


def test_a_required_question_is_required_only_when_asked(version):
    assert refused(version, {"built": "yes"}) == {"answer_floors": ["required"]}
    assert refused(version, {"built": "no"}) == {"answer_why_not": ["required"]}
    # Nothing answered: only the questions asked without condition are required.
    assert refused(version, {}) == {"answer_built": ["required"]}


def test_conditions_chain_a_question_on_one_not_asked_is_not_asked(version):
    # The heating is not asked when the school is not built, so the boiler is not asked either,
    # even though the heating given would ask it.
    cleaned = answers_of(version, {"built": "no", "why_not": "Money", "heating": "gas"})
    assert cleaned["heating"] is None and cleaned["boiler"] is None
    assert refused(version, {"built": "yes", "floors": "2", "heating": "gas"}) == {
        "answer_boiler": ["required"]
    }
    cleaned = answers_of(version, {"built": "yes", "floors": "2", "heating": "none", "boiler": "x"})
    assert cleaned["heating"] == "none" and cleaned["boiler"] is None


def test_several_choices_ask_when_one_of_them_is_among_the_values(version):
    given = {"built": "no", "why_not": "Money"}
    cleaned = answers_of(version, given | {"defects": ["cracks"], "leak_where": "Roof"})
    assert cleaned["defects"] == ["cracks"] and cleaned["leak_where"] is None
    assert refused(version, given | {"defects": ["cracks", "leaks"]}) == {
        "answer_leak_where": ["required"]
    }
    cleaned = answers_of(version, given | {"defects": ["leaks"], "leak_where": "Roof"})
    assert cleaned["leak_where"] == "Roof"


def test_a_condition_on_a_number_compares_the_cleaned_number(campaign, alice):
    questions = [
        {"code": "rooms", "text": "How many rooms?", "kind": "number"},
        {
            "code": "which",
            "text": "Which room?",
            "kind": "text",
            "relevant": {"question": "rooms", "values": ["1.0", "2"]},
        },
    ]
    version = checklist_create(
        campaign=campaign, title="Rooms", actor=alice, questions=questions
    ).current_version
    assert version.questions.get(code="which").relevant == {
        "question": "rooms",
        "values": ["1", "2"],
    }
    assert answers_of(version, {"rooms": "1,0", "which": "A"})["which"] == "A"
    assert answers_of(version, {"rooms": "2", "which": "A"})["which"] == "A"
    assert answers_of(version, {"rooms": "3", "which": "A"})["which"] is None


def test_numbers_are_kept_within_their_limits(version):
    given = {"built": "yes", "heating": "none"}
    for value in ("0", "13", "12.5"):
        with pytest.raises(ValidationError) as error:
            clean_answers(version, given | {"floors": value})
        assert error.value.messages == ["How many floors?: Give a number from 1 to 12."]
        assert codes(error.value) == {"number_limits"}
    assert answers_of(version, given | {"floors": "12"})["floors"] == 12
    assert answers_of(version, given | {"floors": "1"})["floors"] == 1


def test_a_single_limit_says_at_least_or_at_most_in_the_locale(campaign, alice):
    questions = [
        {"code": "depth", "text": "Depth", "kind": "number", "minimum": "0.5"},
        {"code": "width", "text": "Width", "kind": "number", "maximum": 2500},
    ]
    version = checklist_create(
        campaign=campaign, title="Pit", actor=alice, questions=questions
    ).current_version
    with pytest.raises(ValidationError) as error:
        clean_answers(version, {"depth": "0.4", "width": "2600"})
    messages = {field: e[0].message % e[0].params for field, e in error.value.error_dict.items()}
    assert str(messages["answer_depth"]).endswith("Give a number of at least 0.5.")
    assert str(messages["answer_width"]).endswith("Give a number of at most 2500.")
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        clean_answers(version, {"depth": "0,4"})
    assert "0,5" in error.value.messages[0]


def test_a_correction_drops_the_answer_of_a_question_no_longer_asked(
    campaign, bob, registry, version, today
):
    visit = visit_record(
        campaign=campaign,
        object=registry["school"],
        visited_on=today - timedelta(days=1),
        actor=bob,
        checklist_version=version,
        answers={"built": "yes", "floors": "3", "heating": "gas", "boiler": "Cellar"},
    )
    assert visit.answers.count() == 4
    visit_correct(
        visit=visit,
        actor=bob,
        object=registry["school"],
        visited_on=visit.visited_on,
        reason="It was the old building.",
        answers={"built": "no", "floors": "3", "heating": "gas", "why_not": "No money"},
    )
    assert {a.question.code: a.value for a in visit.answers.select_related("question")} == {
        "built": False,
        "why_not": "No money",
    }


# The editor's checks ---------------------------------------------------------------------------


def problems_of(questions) -> list[str]:
    with pytest.raises(ValidationError) as error:
        clean_questions(questions)
    return error.value.messages


YES_NO = {"code": "built", "text": "Built?", "kind": "yes_no"}
CHOICE = {
    "code": "heating",
    "text": "Heating?",
    "kind": "single_choice",
    "choices": [{"value": "gas", "label": "Gas"}, {"value": "coal", "label": "Coal"}],
}
PHOTO = {"code": "front", "text": "Front", "kind": "photo"}
TEXT = {"code": "note", "text": "Note", "kind": "text"}


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        (
            [TEXT | {"relevant": {"question": "built", "values": ["yes"]}}, YES_NO],
            "Question 1: “asked only if” must name the code of an earlier question; “built” "
            "is not one.",
        ),
        (
            [YES_NO, TEXT | {"relevant": {"question": "note", "values": ["x"]}}],
            "Question 2: “asked only if” must name the code of an earlier question; “note” "
            "is not one.",
        ),
        (
            [YES_NO, TEXT | {"relevant": {"question": "built", "values": []}}],
            "Question 2: “asked only if” needs the answers to “built” that ask it.",
        ),
        (
            [YES_NO, TEXT | {"relevant": {"question": "built", "values": ["maybe"]}}],
            "Question 2: “asked only if”: answer yes or no, not “maybe”.",
        ),
        (
            [CHOICE, TEXT | {"relevant": {"question": "heating", "values": ["gas", "wood"]}}],
            "Question 2: “asked only if”: “heating” has no choice “wood”.",
        ),
        (
            [PHOTO, TEXT | {"relevant": {"question": "front", "values": ["x"]}}],
            "Question 2: “asked only if” cannot depend on a photo or a position (“front”).",
        ),
        (
            [TEXT | {"minimum": 1}],
            "Question 1: only a number question has a least and a greatest value.",
        ),
        (
            [{"code": "n", "text": "N", "kind": "number", "minimum": 5, "maximum": 2}],
            "Question 1: the least value is greater than the greatest value.",
        ),
        (
            [{"code": "n", "text": "N", "kind": "number", "minimum": "many"}],
            "Question 1: the least and greatest values are numbers.",
        ),
    ],
)
def test_the_editor_refuses_bad_conditions_and_limits(questions, message):
    assert problems_of(questions) == [message]


def test_an_earlier_question_is_earlier_in_the_order_given():
    later = TEXT | {"order": 1, "relevant": {"question": "built", "values": ["yes"]}}
    assert problems_of([YES_NO | {"order": 2}, later])[0].startswith("Question 2: ")
    cleaned = clean_questions([later | {"order": 2}, YES_NO | {"order": 1}])
    assert [q["code"] for q in cleaned] == ["built", "note"]
    assert cleaned[1]["relevant"] == {"question": "built", "values": [True]}


def test_the_position_accuracy_is_checked(campaign, alice):
    with pytest.raises(ValidationError) as error:
        checklist_create(
            campaign=campaign, title="V", actor=alice, questions=[TEXT], gps_accuracy_m=0
        )
    assert list(error.value.error_dict) == ["gps_accuracy_m"]
    assert (
        checklist_create(campaign=campaign, title="V", actor=alice, questions=[TEXT]).gps_accuracy_m
        == 20
    )


def test_a_revision_keeps_the_conditions_and_limits(checklist, version, alice):
    copied = [q.as_data() for q in version.questions.all()]
    revised = checklist_revise(checklist=checklist, questions=copied, actor=alice)
    assert [q.as_data() for q in revised.questions.all()] == copied
    floors = revised.questions.get(code="floors")
    assert (floors.minimum, floors.maximum) == (1, 12)
    assert floors.relevant == {"question": "built", "values": [True]}
    checklist_revise(checklist=checklist, questions=copied, actor=alice, gps_accuracy_m=50)
    checklist.refresh_from_db()
    assert checklist.gps_accuracy_m == 50


# Pages -----------------------------------------------------------------------------------------


def editor_data(rows, **extra) -> dict:
    data = {"questions-TOTAL_FORMS": str(len(rows)), "questions-INITIAL_FORMS": "0"} | extra
    for i, row in enumerate(rows):
        data |= {f"questions-{i}-{name}": value for name, value in row.items()}
    return data


def test_the_editor_writes_conditions_limits_and_the_accuracy(client, campaign, alice):
    client.force_login(alice)
    rows = [
        {"code": "built", "text": "Is the school built?", "kind": "yes_no"},
        {
            "code": "floors",
            "text": "How many floors?",
            "kind": "number",
            "relevant_question": "built",
            "relevant_values": "yes",
            "minimum": "1",
            "maximum": "12.5",
        },
        {
            "code": "heating",
            "text": "Which heating?",
            "kind": "single_choice",
            "choices": "gas|Gas\ncoal|Coal\nnone|None",
        },
        {
            "code": "boiler",
            "text": "Where is the boiler?",
            "kind": "text",
            "relevant_question": "heating",
            "relevant_values": "gas, coal",
        },
    ]
    new = url("checklist_new", campaign)
    response = client.post(new, editor_data(rows, title="Visit", gps_accuracy_m="30"))
    assert response.status_code == 302, [f.errors for f in response.context["formset"].forms]
    checklist = Checklist.private_objects.get()
    assert checklist.gps_accuracy_m == 30
    by_code = {q.code: q for q in checklist.current_version.questions.all()}
    assert by_code["floors"].relevant == {"question": "built", "values": [True]}
    assert (by_code["floors"].minimum, by_code["floors"].maximum) == (1, 12.5)
    assert by_code["boiler"].relevant == {"question": "heating", "values": ["gas", "coal"]}

    # The revision form shows them again, as typed.
    revise = url("checklist_revise", campaign, checklist_id=checklist.pk)
    form = client.get(revise).context["formset"].forms
    assert form[1].initial["relevant_question"] == "built"
    assert form[1].initial["relevant_values"] == "yes"
    assert (form[1].initial["minimum"], form[1].initial["maximum"]) == (1, 12.5)
    assert form[3].initial["relevant_values"] == "gas\ncoal"

    # A bad condition comes back on the form, and nothing is saved.
    rows[3]["relevant_values"] = "wood"
    response = client.post(revise, editor_data(rows, gps_accuracy_m="30"))
    assert response.status_code == 200
    assert "Question 4: “asked only if”: “heating” has no choice “wood”." in (
        html.unescape(response.content.decode())
    )
    assert checklist.versions.count() == 1


def test_the_checklist_page_shows_conditions_limits_and_accuracy(
    client, campaign, checklist, alice, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(20):
        page = html.unescape(client.get(checklist.get_absolute_url()).content.decode())
    assert "Asked only if “Is the school built?” (built) is answered: yes" in page
    assert "Asked only if “Which heating?” (heating) is answered: Gas, Coal" in page
    assert "Asked only if “Is the school built?” (built) is answered: no" in page
    assert "accepted: from 1 to 12" in page
    assert "Position accuracy to wait for: 15 m." in page
    assert "required when asked" in page


def test_the_visit_form_carries_the_conditions_for_its_script(
    client, campaign, bob, checklist, django_assert_max_num_queries
):
    client.force_login(bob)
    with django_assert_max_num_queries(25):
        response = client.get(url("visit_new", campaign) + f"?checklist={checklist.pk}")
    page = response.content.decode()
    assert "js/checklist-logic" in page and "<script>" not in page
    rows = {row["code"]: row for row in response.context["form"].answer_rows()}
    assert rows["floors"]["condition"] == "built"
    assert json.loads(rows["floors"]["values"]) == ["yes"]
    assert json.loads(rows["why_not"]["values"]) == ["no"]
    assert json.loads(rows["boiler"]["values"]) == ["gas", "coal"]
    assert rows["built"]["condition"] == ""
    assert 'data-question="floors" data-asked-if="built" data-asked-values="[&quot;yes&quot;]"' in (
        page
    )
    assert 'data-question="built">' in page
    assert 'min="1"' in page and 'max="12"' in page
    # A question asked under a condition is not required by the form itself.
    assert not response.context["form"].fields["answer_floors"].required
    assert "Required when asked." in str(response.context["form"].fields["answer_floors"].help_text)
    assert response.context["form"].fields["answer_built"].required


def test_without_the_script_the_server_applies_the_rules(
    client, campaign, bob, registry, checklist, today
):
    client.force_login(bob)
    form = {
        "version": checklist.current_version.pk,
        "object": registry["school"].pk,
        "visited_on": (today - timedelta(days=1)).isoformat(),
        "answer_built": "yes",
        "answer_floors": "30",
    }
    response = client.post(url("visit_new", campaign), form)
    assert response.status_code == 200
    assert "Give a number from 1 to 12." in response.content.decode()
    response = client.post(
        url("visit_new", campaign),
        form | {"answer_built": "no", "answer_why_not": "No money", "answer_heating": "gas"},
    )
    assert response.status_code == 302
    visit = Visit.private_objects.get()
    assert {a.question.code for a in visit.answers.select_related("question")} == {
        "built",
        "why_not",
    }


# XLSForm ---------------------------------------------------------------------------------------


def workbook_with(rows) -> io.BytesIO:
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "required", "relevant", "constraint"])
    for row in rows:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in [
        ("list_name", "name", "label"),
        ("yes_no", "yes", "Yes"),
        ("yes_no", "no", "No"),
        ("heat", "gas", "Gas"),
        ("heat", "coal", "Coal"),
    ]:
        choices.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_xlsform_relevant_and_constraint_of_the_simple_forms_are_read():
    questions, problems = xlsform_parse(
        workbook_with(
            [
                ("select_one yes_no", "built", "Built?", "yes", None, None),
                ("integer", "floors", "Floors", None, "${built} = 'yes'", ". >= 1 and . <= 12"),
                ("decimal", "area", "Area", None, "${floors} = 1 or ${floors}=2", ". >= 0.5"),
                ("select_multiple heat", "heating", "Heating", None, None, None),
                ("text", "boiler", "Boiler", None, "selected(${heating}, 'gas')", None),
                ("text", "coal", "Coal store", None, 'selected(${heating}, "coal")', None),
                ("select_one heat", "main", "Main", None, None, None),
                ("text", "pipe", "Pipe", None, "${main} = 'gas' or ${main} = 'coal'", None),
                ("integer", "rooms", "Rooms", None, None, ". <= 40"),
            ]
        )
    )
    assert problems == []
    by_code = {q["code"]: q for q in questions}
    assert by_code["floors"]["relevant"] == {"question": "built", "values": [True]}
    assert (by_code["floors"]["minimum"], by_code["floors"]["maximum"]) == (1, 12)
    assert by_code["area"]["relevant"] == {"question": "floors", "values": ["1", "2"]}
    assert (by_code["area"]["minimum"], by_code["area"]["maximum"]) == (0.5, None)
    assert by_code["boiler"]["relevant"] == {"question": "heating", "values": ["gas"]}
    assert by_code["coal"]["relevant"] == {"question": "heating", "values": ["coal"]}
    assert by_code["pipe"]["relevant"] == {"question": "main", "values": ["gas", "coal"]}
    assert (by_code["rooms"]["minimum"], by_code["rooms"]["maximum"]) == (None, 40)
    assert by_code["built"]["relevant"] == {} and by_code["built"]["minimum"] is None


def test_xlsform_expressions_not_understood_are_reported_with_their_row():
    questions, problems = xlsform_parse(
        workbook_with(
            [
                ("select_one yes_no", "built", "Built?", None, None, None),  # row 2
                ("integer", "a", "A", None, None, ". > 3"),
                ("integer", "b", "B", None, None, ". < 3"),
                ("integer", "c", "C", None, "${built} != 'yes'", None),
                ("integer", "d", "D", None, "${built} = 'yes' or ${a} = 1", None),
                ("integer", "e", "E", None, "${later} = 1", None),
                ("text", "f", "F", None, None, ". >= 1"),
                ("integer", "g", "G", None, "${built} = 'yes' and ${a} = 1", None),
                ("select_one heat", "h", "H", None, None, "string-length(.) < 5"),
                ("text", "i", "I", None, "${h} = 'wood'", None),
                ("integer", "j", "J", None, None, ". >= 9 and . <= 3"),
                ("integer", "later", "Later", None, None, None),
            ]
        )
    )
    assert [p.row for p in problems] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "“. > 3” is not understood" in problems[0].reason
    assert "“${built} != 'yes'” is not understood" in problems[2].reason
    assert "must name the code of an earlier question" in problems[4].reason
    assert "“. >= 1” is not understood" in problems[5].reason
    assert "has no choice “wood”" in problems[8].reason
    assert "accepts no number" in problems[9].reason
    # The questions stay, without what was not understood.
    by_code = {q["code"]: q for q in questions}
    assert len(questions) == 12
    assert all(by_code[code]["relevant"] == {} for code in "cdegi")
    assert all(by_code[code]["minimum"] is None for code in "abfj")
    assert by_code["b"]["maximum"] is None


def test_xlsform_conditions_and_limits_go_out_and_read_back(campaign, alice):
    questions = clean_questions(QUESTIONS)
    data = xlsform_workbook(questions, title="School", language="en", form_id="school")
    survey = load_workbook(io.BytesIO(data))["survey"]
    header = [cell.value for cell in survey[1]]
    rows = {
        row[1]: dict(zip(header, row, strict=False))
        for row in survey.iter_rows(2, values_only=True)
    }
    assert rows["floors"]["relevant"] == "${built} = 'yes'"
    assert rows["floors"]["constraint"] == ". >= 1 and . <= 12"
    assert rows["boiler"]["relevant"] == "${heating} = 'gas' or ${heating} = 'coal'"
    assert rows["leak_where"]["relevant"] == "selected(${defects}, 'leaks')"
    assert rows["why_not"]["relevant"] == "${built} = 'no'"
    read, problems = xlsform_parse(io.BytesIO(data))
    assert problems == []
    assert read == questions
    assert xlsform_questions(SimpleUploadedFile("s.xlsx", data, XLSX)) == questions


def test_an_import_with_conditions_through_the_pages(client, campaign, alice):
    client.force_login(alice)
    data = xlsform_workbook(clean_questions(QUESTIONS), title="S", language="en", form_id="s")
    page = url("checklist_import", campaign)
    response = client.post(page, {"file": SimpleUploadedFile("School.xlsx", data, XLSX)})
    assert "Asked only if" in html.unescape(response.content.decode())
    payload = response.context["confirm_form"].initial["payload"]
    assert client.post(page, {"title": "School", "payload": payload}).status_code == 302
    floors = Checklist.private_objects.get().current_version.questions.get(code="floors")
    assert floors.relevant == {"question": "built", "values": [True]}
    assert (floors.minimum, floors.maximum) == (1, 12)


# Browser ---------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True)
def test_the_online_form_hides_a_question_while_it_is_not_asked(
    open_as, live_server, campaign, alice, bob, registry
):
    checklist = checklist_create(
        campaign=campaign, title="School visit", actor=alice, questions=QUESTIONS
    )
    page = open_as(bob, width=390, height=844)
    page.goto(f"{live_server.url}{url('visit_new', campaign)}?checklist={checklist.pk}")
    row = {code: page.locator(f'[data-question="{code}"]') for code in ("floors", "heating")}
    boiler, why_not = (
        page.locator('[data-question="boiler"]'),
        page.locator('[data-question="why_not"]'),
    )
    leak = page.locator('[data-question="leak_where"]')
    assert page.locator('[data-question="built"]').is_visible()
    assert not row["floors"].is_visible() and not why_not.is_visible()
    page.check("#id_answer_built_0")  # yes
    assert row["floors"].is_visible() and row["heating"].is_visible()
    assert not boiler.is_visible() and not why_not.is_visible()
    page.check("#id_answer_heating_0")  # gas
    assert boiler.is_visible()
    page.check("#id_answer_built_1")  # no: the heating and the boiler that depends on it go
    assert not row["floors"].is_visible() and not boiler.is_visible()
    assert why_not.is_visible()
    assert not leak.is_visible()
    page.check("#id_answer_defects_1")  # leaks
    assert leak.is_visible()
    page.uncheck("#id_answer_defects_1")
    assert not leak.is_visible()
    # What was typed in a hidden question is dropped by the server.
    page.select_option("#id_object", str(registry["school"].pk))
    page.fill("#id_answer_why_not", "No money")
    page.get_by_role("button", name="Record the visit", exact=True).click()
    page.wait_for_load_state()
    visit = Visit.private_objects.get()
    assert {a.question.code for a in visit.answers.select_related("question")} == {
        "built",
        "why_not",
    }
