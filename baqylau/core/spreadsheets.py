"""Workbooks from outside are checked before a spreadsheet library reads them.

An xlsx file is a zip of XML parts, and a few kilobytes can make a reader spend gigabytes: a zip
member that inflates a thousandfold, or a sheet that declares (or fills) the cell XFD1048576, so
that a reader pads more than ten billion empty cells. `check_xlsx` reads the zip's directory and
streams every XML part once, with entities and the network off, before openpyxl sees the file:

- the parts together unpack to at most MAX_UNPACKED_BYTES, none at a ratio above MAX_PACKING_RATIO;
- every part is well-formed XML without a DTD (Excel and LibreOffice write none);
- every sheet declares, and holds, at most MAX_ROWS rows and MAX_COLUMNS columns.

A file that fails raises SpreadsheetRefused with a message in the user's language.
"""

import re
import zipfile
import zlib
from pathlib import PurePosixPath

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.utils import column_index_from_string, get_column_letter

from .documents import MAX_PACKING_RATIO, packed_like_a_bomb

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 2000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
CHUNK = 1024 * 1024
COLUMN_NUMBERS = {get_column_letter(n): n for n in range(1, MAX_COLUMNS + 1)}

SHEET_PART = re.compile(r"^xl/(worksheets|chartsheets|dialogsheets)/[^/]+\.xml$")
CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CELL, ROW, DIMENSION = f"{MAIN}c", f"{MAIN}row", f"{MAIN}dimension"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class SpreadsheetRefused(ValueError):
    """A workbook that is not read at all; str() is the reason in the user's language, `code`
    says which check failed ("not_xlsx" for a file that is not a zip at all)."""

    def __init__(self, message: str, code: str = "refused_xlsx"):
        super().__init__(message)
        self.code = code


def check_xlsx(source) -> set[str]:
    """Check an xlsx file (a path or a binary file object) before it is read.

    Raises SpreadsheetRefused when it is not a zip, unpacks too much, holds malformed XML or a
    DTD, or a sheet is larger than MAX_ROWS × MAX_COLUMNS. A file object is left at its start.
    Returns the titles of the sheets that hold an error value (#DIV/0!, #N/A), which some
    readers leave empty."""
    try:
        # An OSError opening the file is the caller's to report ("cannot read").
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise SpreadsheetRefused(_("The file is not an xlsx workbook."), "not_xlsx") from exc
    try:
        with archive:
            return _check_archive(archive)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        # A damaged member (bad CRC, truncated, unknown compression, encrypted).
        raise SpreadsheetRefused(_("The workbook is damaged and cannot be read.")) from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _check_archive(archive: zipfile.ZipFile) -> set[str]:
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise SpreadsheetRefused(_("The workbook has too many parts to be a spreadsheet."))
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetRefused(
            _("The workbook unpacks to %(size)s MB; at most %(limit)s MB are read.")
            % {
                "size": number_format(unpacked / (1024 * 1024), 1, force_grouping=True),
                "limit": MAX_UNPACKED_BYTES // (1024 * 1024),
            }
        )
    if any(packed_like_a_bomb(member) for member in members):
        raise SpreadsheetRefused(
            _(
                "A part of the workbook is packed more than %(ratio)s to 1, as a zip bomb is; "
                "the workbook is not read."
            )
            % {"ratio": MAX_PACKING_RATIO}
        )
    parts = [
        member
        for member in members
        if not member.is_dir()
        and PurePosixPath(member.filename).suffix.lower() in (".xml", ".rels", ".vml")
    ]
    sheets = [member for member in parts if SHEET_PART.match(member.filename)]
    for member in parts:
        with archive.open(member) as part:
            # A DTD comes first; refused here, its entities are not even counted.
            if b"<!DOCTYPE" in part.read(4096):
                raise _dtd_refused(member.filename)
    for member in parts:
        if member not in sheets:
            with archive.open(member) as part:
                _check_part(part, member.filename, sheet=None)
    # The other parts are safe to read now: name the sheets as the user knows them.
    titles = _sheet_titles(archive)
    with_errors = set()
    for member in sheets:
        with archive.open(member) as part:
            title = titles.get(member.filename) or PurePosixPath(member.filename).stem
            if _check_part(part, member.filename, sheet=title):
                with_errors.add(title)
    return with_errors


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """{part name: the sheet's title} from the workbook, or {} when it cannot be read."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        workbook = etree.fromstring(archive.read("xl/workbook.xml"), parser)
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return {
        targets.get(sheet.get(f"{RELATIONSHIPS}id"), ""): sheet.get("name") or ""
        for sheet in workbook.iter(f"{MAIN}sheet")
    }


class _Parts:
    """What the parser is told about a part other than a sheet: only its DTD, which stops it.

    With a target that has no element methods libxml2 checks the XML without building a tree
    or calling Python for each element."""

    def __init__(self, name: str):
        self.name = name

    def doctype(self, *_declaration) -> None:
        raise _dtd_refused(self.name)

    def close(self) -> None:
        return None


class _Sheet(_Parts):
    """A sheet's <dimension>, rows and cells as the parser meets them; raises SpreadsheetRefused
    at the first one beyond MAX_ROWS or MAX_COLUMNS. A cell without a reference is the one after
    the previous cell of its row, as readers count it."""

    def __init__(self, name: str, title: str):
        super().__init__(name)
        self.title = title
        self.rows = 0
        self.column = 0
        self.error_values = False

    def start(self, tag: str, attrib) -> None:
        if tag == CELL:
            reference = attrib.get("r")
            self.column = _cell_column(reference, self.title) if reference else self.column + 1
            if self.column > MAX_COLUMNS:
                raise _too_large(self.title, declared=False)
            if attrib.get("t") == "e":
                self.error_values = True
        elif tag == ROW:
            number = attrib.get("r")
            self.rows += 1
            if self.rows > MAX_ROWS or (
                number is not None and (not number.isdigit() or int(number) > MAX_ROWS)
            ):
                raise _too_large(self.title, declared=False)
            self.column = 0
        elif tag == DIMENSION:
            last = (attrib.get("ref") or "").split(":")[-1]
            _check_reference(last, self.title, declared=True)


def _check_part(part, name: str, *, sheet: str | None) -> bool:
    """Stream one XML part; `sheet` is the title of a sheet, whose size is checked. Whether the
    sheet holds an error value."""
    target = _Sheet(name, sheet) if sheet is not None else _Parts(name)
    parser = etree.XMLParser(
        target=target, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        while chunk := part.read(CHUNK):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        where = (
            _("the sheet “%(sheet)s”") % {"sheet": sheet}
            if sheet is not None
            else _("its part %(part)s") % {"part": name}
        )
        raise SpreadsheetRefused(
            _(
                "The workbook cannot be read: the XML of %(where)s is broken (%(error)s). Open "
                "it in a spreadsheet program, save it again as .xlsx and try again."
            )
            % {"where": where, "error": exc}
        ) from exc
    return getattr(target, "error_values", False)


def _dtd_refused(name: str) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("The workbook's part %(part)s declares a DTD: DTDs and entities are not allowed.")
        % {"part": name}
    )


def _cell_column(reference: str, sheet: str) -> int:
    """The column of a cell's reference (A1, $B$2), checked against MAX_ROWS and MAX_COLUMNS."""
    letters = reference.rstrip("0123456789")
    column = COLUMN_NUMBERS.get(letters)
    digits = reference[len(letters) :]
    if column is not None and digits and len(digits) <= 7 and int(digits) <= MAX_ROWS:
        return column  # as good as every cell: A1 to GR50000, read without a regex
    return _check_reference(reference, sheet, declared=False)


def _check_reference(reference: str, name: str, *, declared: bool) -> int:
    """The column of `reference`; raises SpreadsheetRefused beyond the limits."""
    match = CELL_REFERENCE.match(reference)
    if not match:
        if declared:
            return 0  # a dimension openpyxl ignores as well
        raise SpreadsheetRefused(
            _("The sheet “%(sheet)s” names a cell %(cell)s that does not exist.")
            % {"sheet": name, "cell": reference[:20]}
        )
    try:
        column = column_index_from_string(match.group(1).upper())
    except ValueError:  # beyond XFD
        column = MAX_COLUMNS + 1
    if column > MAX_COLUMNS or int(match.group(2)) > MAX_ROWS:
        raise _too_large(name, declared=declared)
    return column


def _too_large(name: str, *, declared: bool) -> SpreadsheetRefused:
    if declared:
        message = _(
            "The sheet “%(sheet)s” declares more than %(rows)s rows or %(columns)s columns; at "
            "most %(rows)s rows and %(columns)s columns are read. Copy the cells you need into "
            "a new workbook."
        )
    else:
        message = _(
            "The sheet “%(sheet)s” has cells beyond row %(rows)s or column %(columns)s; at most "
            "%(rows)s rows and %(columns)s columns are read. Delete the cells that are not "
            "needed or copy the ones you need into a new workbook."
        )
    rows = number_format(MAX_ROWS, force_grouping=True)
    return SpreadsheetRefused(message % {"sheet": name, "rows": rows, "columns": MAX_COLUMNS})
