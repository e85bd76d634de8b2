"""Workbooks are checked before they are read: size, unpacked size, XML and DTDs."""

import io
import time

import pytest
from django.utils import translation

from baqylau.core.spreadsheets import SpreadsheetRefused, check_xlsx

from .. import hostile_files


@pytest.mark.parametrize(("make", "message"), hostile_files.HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_is_refused_quickly_before_it_is_read(make, message):
    data = make()
    assert len(data) < 20_000
    started = time.monotonic()
    with translation.override("en"), pytest.raises(SpreadsheetRefused, match=message):
        check_xlsx(io.BytesIO(data))
    assert time.monotonic() - started < 2


def test_the_sheet_is_named_as_the_user_knows_it():
    with translation.override("en"), pytest.raises(SpreadsheetRefused, match="“survey”"):
        check_xlsx(io.BytesIO(hostile_files.far_cell_workbook("survey")))


def test_a_workbook_that_unpacks_too_much_is_refused(monkeypatch):
    monkeypatch.setattr("baqylau.core.spreadsheets.MAX_UNPACKED_BYTES", 1024 * 1024)
    message = "unpacks to 8.0 MB; at most 1 MB are read"
    with translation.override("en"), pytest.raises(SpreadsheetRefused, match=message):
        check_xlsx(io.BytesIO(hostile_files.zip_bomb_workbook(megabytes=8)))


def test_a_file_that_is_not_a_zip_says_so():
    with pytest.raises(SpreadsheetRefused) as refused:
        check_xlsx(io.BytesIO(b"type,name\n"))
    assert refused.value.code == "not_xlsx"


def test_an_ordinary_workbook_passes_and_is_rewound():
    source = io.BytesIO(hostile_files.workbook_bytes())
    check_xlsx(source)
    assert source.tell() == 0


def test_a_damaged_workbook_says_so():
    data = bytearray(hostile_files.workbook_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the sheet's packed data
    data[start : start + 40] = bytes(40)
    with translation.override("en"), pytest.raises(SpreadsheetRefused, match="damaged|broken"):
        check_xlsx(io.BytesIO(bytes(data)))
