"""Public documents keep no metadata: no author, editing software, dates, paths or comment authors.

- A PDF is written anew from its pages only (`baqylau.core.pdf`). The document information
  dictionary (author, creator, producer, title, dates), XMP streams, embedded files, JavaScript
  and other actions, the document's outline and forms stay behind; so do comments (sticky notes,
  pop-ups, file attachments) and the author, text and dates of the annotations that remain
  visible (stamps, highlights, links). JPEG images inside lose EXIF, XMP, IPTC and comment
  segments, losslessly.
- A DOCX or XLSX keeps its parts but its document properties are emptied (core: creator, last
  modified by, dates, title, subject, description, keywords...; extended: application, company,
  manager, template...), its custom properties are removed, the authors and dates of comments
  and tracked changes and the people list are blanked, an attached template keeps its file name
  only, the workbook's absolute path and sharing user are blanked, and the images inside lose
  their metadata, losslessly. The zip's own timestamps and comment are not kept.
- Plain text has no metadata and is kept as it is.
- Any other type is refused with ValueError; so is a document that cannot be read, so that a
  public copy is never one whose metadata could not be removed.
"""

import re
import zipfile
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from lxml import etree

from .embedded_images import image_without_metadata

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"
JPEG = "image/jpeg"
PNG = "image/png"

# More unpacked than this and an office file is refused (a zip bomb fits in an upload).
MAX_UNPACKED_SIZE = 256 * 1024 * 1024
# A part packed more tightly than this is a zip bomb's: a sheet of repeated cells packs about
# 20 to 1, deflate at most about 1000 to 1.
MAX_PACKING_RATIO = 400


def packed_like_a_bomb(info: zipfile.ZipInfo) -> bool:
    """Whether a zip member of over a megabyte unpacks more than MAX_PACKING_RATIO times."""
    return info.file_size > 1_000_000 and info.file_size > MAX_PACKING_RATIO * max(
        info.compress_size, 1
    )


def public_document_copy(data: bytes, *, content_type: str, name: str) -> ContentFile:
    """A copy of a PDF, DOCX, XLSX or plain text file without its metadata, named `name`.

    Raises ValueError for any other type, and for a document that cannot be read."""
    if content_type == PDF:
        # Imported here: pypdf takes long to import, and most processes never read a PDF.
        from .pdf import pdf_copy as clean
    elif content_type in (DOCX, XLSX):
        clean = _office_copy
    elif content_type == TEXT:
        return ContentFile(data, name=name)
    else:
        raise ValueError(f"No public copy is made of {content_type!r} files.")
    try:
        return ContentFile(clean(data), name=name)
    except ValueError:
        raise
    except Exception as exc:  # the parsers meet untrusted files and fail in many ways
        raise ValueError(f"{name}: the document cannot be read.") from exc


def file_content_type(data: bytes) -> str | None:
    """The type of a file from its first bytes, whatever its name says: PDF, JPEG, PNG, DOCX,
    XLSX or plain text; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return None
    if data and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT
    return None


# DOCX and XLSX ---------------------------------------------------------------------------------

CORE_PROPERTIES = "docProps/core.xml"
EXTENDED_PROPERTIES = "docProps/app.xml"
CUSTOM_PROPERTIES = "docProps/custom.xml"
# Relationship types end the same way in transitional and strict Office Open XML.
CORE_TYPE, EXTENDED_TYPE, CUSTOM_TYPE = (
    "/metadata/core-properties",
    "/extended-properties",
    "/custom-properties",
)
PACKAGE_RELATIONSHIPS = "_rels/.rels"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
CONTENT_TYPES = "[Content_Types].xml"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Attributes that name a person anywhere in a part: comment and revision authors (w:author,
# w:initials, w15:author of the people list), accounts (userId, providerId), the user who last
# refreshed a pivot table, the user who reserved a shared workbook.
BLANKED_ATTRIBUTES = {"author", "initials", "userId", "providerId", "refreshedBy", "userName"}
# Dates of comments and tracked changes in Word parts (optional there).
WORD_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/",
    "http://purl.oclc.org/ooxml/wordprocessingml/",
    "http://schemas.microsoft.com/office/word/",
)
DROPPED_WORD_ATTRIBUTES = {"date", "dateUtc"}
SPREADSHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
# Only parts that mention one of these are parsed and rewritten.
PERSONAL_HINT = re.compile(
    rb"author|initials|userId|providerId|refreshedBy|userName|date|displayName|absPath"
    rb"|attachedTemplate"
)
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _office_copy(data: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as source:
        members = [info for info in source.infolist() if not info.is_dir()]
        if sum(info.file_size for info in members) > MAX_UNPACKED_SIZE or any(
            packed_like_a_bomb(info) for info in members
        ):
            raise ValueError("The document unpacks to too much data.")
        parts = {info.filename.lower() for info in members}
        core, extended, custom = {CORE_PROPERTIES.lower()}, {EXTENDED_PROPERTIES.lower()}, set()
        relationships = None
        if PACKAGE_RELATIONSHIPS.lower() in parts:
            relationships, targets = _package_relationships(source.read(PACKAGE_RELATIONSHIPS))
            core |= targets[CORE_TYPE]
            extended |= targets[EXTENDED_TYPE]
            custom |= targets[CUSTOM_TYPE]
        custom.add(CUSTOM_PROPERTIES.lower())
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in members:
                name = info.filename
                key = name.lower()
                if key in custom:
                    continue
                content = source.read(info)
                if key == PACKAGE_RELATIONSHIPS.lower() and relationships is not None:
                    content = relationships
                elif key == CONTENT_TYPES.lower():
                    content = _content_types_without(content, custom)
                elif key in core:
                    # A blank creator, so that readers do not fill in one of their own.
                    content = _emptied(content, blank=DC_CREATOR)
                elif key in extended:
                    content = _emptied(content)
                else:
                    content = _part_without_metadata(name, content)
                # A fresh entry: no modification time, system or extra fields of the original.
                target.writestr(
                    zipfile.ZipInfo(name, date_time=ZIP_DATE), content, zipfile.ZIP_DEFLATED
                )
    return buffer.getvalue()


def _xml(content: bytes):
    return etree.fromstring(content, XML_PARSER)


def _serialise(root) -> bytes:
    standalone = root.getroottree().docinfo.standalone
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)


def _package_relationships(content: bytes) -> tuple[bytes, dict[str, set[str]]]:
    """The package's relationships without the custom properties, and the parts that the
    relationships of each kind of properties point to."""
    root = _xml(content)
    targets: dict[str, set[str]] = {CORE_TYPE: set(), EXTENDED_TYPE: set(), CUSTOM_TYPE: set()}
    for relationship in list(root):
        kind = relationship.get("Type", "")
        for suffix, found in targets.items():
            if kind.endswith(suffix):
                found.add(relationship.get("Target", "").lstrip("/").lower())
                if suffix == CUSTOM_TYPE:
                    root.remove(relationship)
    return _serialise(root), targets


def _content_types_without(content: bytes, removed: set[str]) -> bytes:
    root = _xml(content)
    for entry in list(root):
        if entry.get("PartName", "").lstrip("/").lower() in removed:
            root.remove(entry)
    return _serialise(root)


def _emptied(content: bytes, *, blank: str | None = None) -> bytes:
    """The properties part with its root element only (and the element `blank`, empty), so
    that the document stays valid."""
    root = _xml(content)
    for child in list(root):
        root.remove(child)
    root.text = None
    if blank:
        etree.SubElement(root, blank)
    return _serialise(root)


def _part_without_metadata(name: str, content: bytes) -> bytes:
    image = image_without_metadata(content)
    if image is not None:
        return image
    if PurePosixPath(name).suffix.lower() not in (".xml", ".rels") or not PERSONAL_HINT.search(
        content
    ):
        return content
    root = _xml(content)
    changed = False
    for element in root.iter(etree.Element):
        tag = etree.QName(element)
        for attribute, value in list(element.attrib.items()):
            qname = etree.QName(attribute)
            if qname.localname in BLANKED_ATTRIBUTES and value:
                element.set(attribute, "")
                changed = True
            elif qname.localname in DROPPED_WORD_ATTRIBUTES and (qname.namespace or "").startswith(
                WORD_NAMESPACES
            ):
                del element.attrib[attribute]
                changed = True
        if tag.localname == "person" and element.get("displayName"):
            element.set("displayName", "")  # the people of threaded comments in a workbook
            changed = True
        elif tag.localname == "absPath" and element.get("url"):
            element.set("url", "")  # the folder the workbook was saved in, with the user's name
            changed = True
        elif tag.localname == "author" and tag.namespace in SPREADSHEET_NAMESPACES and element.text:
            element.text = ""  # the authors of a workbook's notes
            changed = True
        elif tag.localname == "Relationship" and element.get("Type", "").endswith(
            "/attachedTemplate"
        ):
            # The template's full path names the user's folder; its file name is enough.
            target = element.get("Target", "")
            base = re.split(r"[\\/]", target)[-1]
            if base != target:
                element.set("Target", base)
                changed = True
    return _serialise(root) if changed else content
