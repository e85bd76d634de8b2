"""XLSForm in and out of the library: an import applies entirely or reports every bad row and
applies nothing; an exported checklist reads back to the same questions."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from baqylau.methods.models import ItemVersion, LibraryItem
from baqylau.methods.xlsform import xlsform_questions, xlsform_workbook
from baqylau.monitoring.xlsform import xlsform_parse

from ..factories import LibraryItemFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOOD_ROWS = [
    ("type", "name", "label::Kazakh (kk)", "label::Russian (ru)", "required", "hint"),
    ("start", "start", None, None, None, None),
    ("select_one yes_no", "roof", "Шатыр дайын ба?", "Крыша готова?", "yes", None),
    ("integer", "floors", "Неше қабат?", "Сколько этажей?", None, "Unit: қабат"),
    ("select_multiple defects", "defects", "Ақаулар", "Дефекты", None, None),
    ("text", "comment", "Түсініктеме", "Комментарий", None, None),
]
BAD_ROWS = [
    ("rank", "priorities", "Басымдықтар", "Приоритеты", None, None),
    ("select_one missing", "heating", "Жылыту", "Отопление", None, None),
    ("text", None, "Атаусыз", "Без имени", None, None),
]
CHOICES = [
    ("list_name", "name", "label::Kazakh (kk)"),
    ("yes_no", "yes", "Иә"),
    ("yes_no", "no", "Жоқ"),
    ("defects", "cracks", "Жарықтар"),
    ("defects", "leaks", "Ағулар"),
]


def xlsform(rows, name="form.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in rows:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in CHOICES:
        choices.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


IMPORT = "/en/methods/import/"


def _post_import(client, upload, ngo, **fields):
    return client.post(
        IMPORT,
        {
            "file": upload,
            "author": ngo.pk,
            "title": "Мектеп құрылысы",
            "language": "kk",
            "object_kind": "school",
            **fields,
        },
    )


def test_a_valid_xlsform_becomes_a_draft_checklist(client, alice, ngo):
    client.force_login(alice)
    response = _post_import(client, xlsform(GOOD_ROWS), ngo)
    item = LibraryItem.private_objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert (item.title, item.language, item.object_kind, item.author) == (
        "Мектеп құрылысы",
        "kk",
        "school",
        ngo,
    )
    questions = item.versions.get().questions
    assert [(q["code"], q["kind"]) for q in questions] == [
        ("roof", "yes_no"),
        ("floors", "number"),
        ("defects", "multiple_choice"),
        ("comment", "text"),
    ]
    assert questions[1]["unit"] == "қабат" and questions[0]["required"]


def test_an_xlsform_with_bad_rows_reports_every_one_and_saves_nothing(client, alice, ngo):
    client.force_login(alice)
    response = _post_import(client, xlsform(GOOD_ROWS + BAD_ROWS), ngo)
    assert response.status_code == 200
    page = response.content.decode()
    for row in (7, 8, 9):
        assert f"Sheet “survey”, row {row}:" in page
    assert "The type “rank” is not known." in page
    assert "is not on the choices sheet" in page
    assert "The row has no name." in page
    assert not LibraryItem.private_objects.exists()


def test_the_reasons_of_bad_rows_are_in_the_user_language(alice, ngo):
    from django.utils import translation

    with translation.override("ru"), pytest.raises(ValidationError) as error:
        xlsform_questions(xlsform(GOOD_ROWS + BAD_ROWS[:1]))
    (message,) = error.value.message_dict["file"]
    assert message == "Лист «survey», строка 7: Неизвестный тип «rank»."


def test_a_file_that_is_not_a_workbook_is_refused(client, alice, ngo):
    client.force_login(alice)
    upload = SimpleUploadedFile("form.xlsx", b"not a workbook", content_type=XLSX)
    response = _post_import(client, upload, ngo)
    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()
    assert not LibraryItem.private_objects.exists()


def test_an_xlsform_imports_as_a_new_version(client, alice, ngo):
    item = LibraryItemFactory(author=ngo, actor=alice, published=True)
    client.force_login(alice)
    url = f"/en/methods/{item.slug}/versions/import/"
    response = client.post(url, {"file": xlsform(GOOD_ROWS), "change_note": "From Kobo"})
    assert response.status_code == 302
    version = item.versions.get(number=2)
    assert version.change_note == "From Kobo" and len(version.questions) == 4
    response = client.post(url, {"file": xlsform(GOOD_ROWS + BAD_ROWS), "change_note": "Bad"})
    assert response.status_code == 200 and item.versions.count() == 2


@pytest.mark.parametrize("who", ["bob", "carol", "olga"])
def test_only_a_coordinator_of_the_author_imports(client, request, who, ngo, alice):
    item = LibraryItemFactory(author=ngo, actor=alice, published=True)
    client.force_login(request.getfixturevalue(who))
    url = f"/en/methods/{item.slug}/versions/import/"
    response = client.post(url, {"file": xlsform(GOOD_ROWS), "change_note": "x"})
    assert response.status_code == 403
    if who != "olga":
        assert client.get(IMPORT).status_code == 403
    assert ItemVersion.private_objects.count() == 1


def test_an_exported_checklist_reads_back_to_the_same_questions(client, ngo, alice):
    questions = [
        {"code": "roof", "text": "Шатыр дайын ба?", "kind": "yes_no", "required": True},
        {"code": "area", "text": "Ауданы қандай?", "kind": "number", "unit": "м²"},
        {
            "code": "heating",
            "text": "Жылыту түрі?",
            "kind": "single_choice",
            "choices": [{"value": "gas", "label": "Газ"}, {"value": "coal", "label": "Көмір"}],
        },
        {
            "code": "defects",
            "text": "Ақаулар?",
            "kind": "multiple_choice",
            "choices": [
                {"value": "cracks", "label": "Жарықтар"},
                {"value": "leaks", "label": "Ағу"},
            ],
        },
        {"code": "comment", "text": "Түсініктеме", "kind": "text"},
        {"code": "opened", "text": "Ашылған күні", "kind": "date"},
        {"code": "front", "text": "Қасбеттің суреті", "kind": "photo"},
        {"code": "where", "text": "Орны", "kind": "location"},
    ]
    item = LibraryItemFactory(
        author=ngo, actor=alice, language="kk", questions=questions, published=True
    )
    response = client.get(f"/en/methods/{item.slug}/xlsform/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert f'filename="{item.slug}-v1.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    read, problems = xlsform_parse(io.BytesIO(response.content))
    assert problems == []
    assert read == item.versions.get().questions
    # The library's import takes it back as it is.
    assert xlsform_questions(io.BytesIO(response.content)) == item.versions.get().questions


def test_the_workbook_names_the_language_of_the_labels():
    data = xlsform_workbook(
        [
            {
                "code": "q",
                "text": "Вопрос",
                "kind": "text",
                "required": False,
                "unit": "",
                "choices": [],
            }
        ],
        title="Чек-лист",
        language="ru",
        form_id="check-v1",
    )
    survey = load_workbook(io.BytesIO(data))["survey"]
    assert [cell.value for cell in survey[1]][:3] == ["type", "name", "label::Russian (ru)"]


def test_only_a_checklist_is_exported_as_xlsform(client, ngo, alice):
    from baqylau.methods.models import ItemKind

    guide = LibraryItemFactory(author=ngo, actor=alice, kind=ItemKind.GUIDE, published=True)
    assert client.get(f"/en/methods/{guide.slug}/xlsform/").status_code == 404
