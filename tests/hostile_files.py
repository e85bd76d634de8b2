"""Small files that would hurt a server which read them naively, made at test time.

Each is a few kilobytes: what they declare (a sheet to XFD1048576, a part that inflates a
thousandfold, an image of 30000×30000 pixels) is what a careless reader would spend gigabytes on.
"""

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(title: str = "indicators", rows=(("code", "name"), ("1.1", "Roads"))) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, change) -> bytes:
    """The xlsx `data` with its part `name` replaced by change(old content)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == name:
                content = change(content)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def far_cell_workbook(title: str = "indicators") -> bytes:
    """Cells A1 and XFD1048576: the sheet spans 17 billion cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet["A1"] = "code"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def undeclared_far_cell_workbook(title: str = "indicators") -> bytes:
    """Cells A1 and XFD1048576 under a <dimension> that says A1:A1."""
    return with_part(
        far_cell_workbook(title),
        SHEET,
        lambda xml: xml.replace(b'<dimension ref="A1:XFD1048576"', b'<dimension ref="A1:A1"'),
    )


def declared_huge_workbook(title: str = "indicators") -> bytes:
    """A small sheet whose <dimension> says A1:XFD1048576."""
    return with_part(
        workbook_bytes(title),
        SHEET,
        lambda xml: xml.replace(b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"'),
    )


def zip_bomb_workbook(title: str = "indicators", megabytes: int = 8) -> bytes:
    """A sheet padded with megabytes of blanks: a few kilobytes packed."""
    padding = b" " * (megabytes * 1024 * 1024)
    return with_part(
        workbook_bytes(title),
        SHEET,
        lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding),
    )


def malformed_workbook(title: str = "indicators") -> bytes:
    """A sheet whose XML is cut off."""
    return with_part(workbook_bytes(title), SHEET, lambda xml: xml[: len(xml) // 2])


def entity_workbook(title: str = "indicators") -> bytes:
    """A sheet with a DTD whose entities expand a billionfold."""
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10)
            for i in range(8)
        )
        + b"]>"
    )
    return with_part(
        workbook_bytes(title),
        SHEET,
        lambda xml: laughs + xml.replace(b"<t>Roads</t>", b"<t>&i;</t>"),
    )


def late_external_entity_workbook(title: str = "indicators") -> bytes:
    """A sheet whose DTD, after 8 KB of comment (past a look at the part's start), declares an
    external entity that would read a file of the server."""
    dtd = (
        b'<?xml version="1.0"?>\n<!--' + b" " * 8192 + b"-->"
        b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    )
    return with_part(
        workbook_bytes(title),
        SHEET,
        lambda xml: dtd + xml.split(b"?>")[-1].replace(b"<t>Roads</t>", b"<t>&secret;</t>"),
    )


def unreferenced_wide_row_workbook(title: str = "indicators") -> bytes:
    """A row of 300 cells without references: a reader counts them from column A."""
    cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * 300
    return with_part(
        workbook_bytes(title),
        SHEET,
        lambda xml: xml.replace(b"</sheetData>", b'<row r="3">' + cells + b"</row></sheetData>"),
    )


# Each hostile workbook and what its refusal says, in English.
HOSTILE_WORKBOOKS = [
    (far_cell_workbook, "declares more than 50,000 rows or 200 columns"),
    (undeclared_far_cell_workbook, "has cells beyond row 50,000 or column 200"),
    (declared_huge_workbook, "declares more than 50,000 rows"),
    (zip_bomb_workbook, "packed more than 400 to 1"),
    (malformed_workbook, "the XML of the sheet “[a-z]+” is broken"),
    (entity_workbook, "DTDs and entities are not allowed"),
    (late_external_entity_workbook, "DTDs and entities are not allowed"),
    (unreferenced_wide_row_workbook, "has cells beyond row 50,000 or column 200"),
]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def huge_png(width: int, height: int) -> bytes:
    """A PNG whose header declares width×height grey pixels; its data stops after one row."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )
