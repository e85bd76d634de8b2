"""The public copy of a PDF (see `baqylau.core.documents`): written anew from its pages only,
without the document's metadata, comments, files, scripts and the authors and dates of its
annotations."""

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from .embedded_images import jpeg_without_metadata

# Anywhere: metadata streams, application data, thumbnails, actions run on events, scripts and
# associated (embedded) files.
PDF_PRIVATE_KEYS = (
    "/Metadata",
    "/PieceInfo",
    "/LastModified",
    "/Thumb",
    "/AA",
    "/JS",
    "/AF",
    "/EmbeddedFiles",
)
# The catalog is never copied, but it must not come along through a reference either.
PDF_CATALOG_KEYS = ("/Names", "/OpenAction", "/AcroForm", "/Outlines", "/StructTreeRoot", "/Perms")
# Actions that only move within the document or open a web address; others (JavaScript, launching
# a program, submitting a form, opening an embedded file...) are dropped.
PDF_SAFE_ACTIONS = {"/URI", "/GoTo", "/Named"}
# Annotations that are comments or carry files and media: dropped whole.
PDF_DROPPED_ANNOTATIONS = {
    "/Text",
    "/Popup",
    "/FileAttachment",
    "/Sound",
    "/Movie",
    "/Screen",
    "/RichMedia",
    "/3D",
}
# Who wrote an annotation, what they said about it and when; a form field's /T is its name.
PDF_ANNOTATION_KEYS = (
    "/T",
    "/Contents",
    "/RC",
    "/Subj",
    "/M",
    "/CreationDate",
    "/NM",
    "/Popup",
    "/IRT",
    "/RT",
    "/ExData",
)


def pdf_copy(data: bytes) -> bytes:
    reader = PdfReader(BytesIO(data))
    # Many official PDFs are encrypted only to restrict printing or copying: they open with an
    # empty password. The copy is written without encryption.
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("The PDF is protected by a password.")
    seen: set[tuple[int, int]] = set()
    pages = list(reader.pages)
    if not pages:
        raise ValueError("The PDF has no pages.")
    # Clean what the pages reach before copying them: a fresh writer copies the pages and what
    # they refer to, nothing of the document's catalog or information dictionary.
    for page in pages:
        _pdf_scrub(page, seen)
    writer = PdfWriter()
    for page in pages:
        writer.add_page(page)
    writer.metadata = None  # not even "/Producer pypdf"
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_scrub(start, seen: set[tuple[int, int]]) -> None:
    stack = [start]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            _pdf_scrub_dictionary(item)
            stack.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _pdf_get(dictionary: DictionaryObject, key: str):
    value = dictionary.get(key)
    return value.get_object() if value is not None else None


def _pdf_scrub_dictionary(dictionary: DictionaryObject) -> None:
    for key in PDF_PRIVATE_KEYS:
        dictionary.pop(key, None)
    if _pdf_get(dictionary, "/Type") == "/Catalog":
        for key in PDF_CATALOG_KEYS:
            dictionary.pop(key, None)
    action = _pdf_get(dictionary, "/A")
    if isinstance(action, DictionaryObject) and _pdf_get(action, "/S") not in PDF_SAFE_ACTIONS:
        del dictionary["/A"]
    if "/S" in dictionary:
        dictionary.pop("/Next", None)  # a chain of actions
    if _pdf_get(dictionary, "/FT") == "/Sig":
        dictionary.pop("/V", None)  # the signature: signer's name, time, place, certificate
    annotations = _pdf_get(dictionary, "/Annots")
    if isinstance(annotations, ArrayObject):
        dictionary[NameObject("/Annots")] = ArrayObject(
            reference for reference in annotations if _pdf_keep_annotation(reference)
        )
    if isinstance(dictionary, StreamObject) and _pdf_is_jpeg(dictionary):
        dictionary._data = jpeg_without_metadata(dictionary._data)
        if hasattr(dictionary, "decoded_self"):
            dictionary.decoded_self = None


def _pdf_keep_annotation(reference) -> bool:
    annotation = reference.get_object() if reference is not None else None
    if not isinstance(annotation, DictionaryObject):
        return False
    subtype = _pdf_get(annotation, "/Subtype")
    if subtype in PDF_DROPPED_ANNOTATIONS:
        return False
    for key in PDF_ANNOTATION_KEYS:
        if not (key == "/T" and subtype == "/Widget"):
            annotation.pop(key, None)
    return True


def _pdf_is_jpeg(stream: StreamObject) -> bool:
    if _pdf_get(stream, "/Subtype") != "/Image":
        return False
    filters = _pdf_get(stream, "/Filter")
    if isinstance(filters, ArrayObject):
        filters = filters[0] if len(filters) == 1 else None
    return filters == "/DCTDecode"
