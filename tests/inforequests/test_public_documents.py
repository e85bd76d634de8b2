"""Documents shown to the public carry no metadata: no author, editing software, dates or paths."""

import zipfile
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.packaging.custom import StringProperty
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from baqylau.core.documents import DOCX, PDF, TEXT, XLSX, public_document_copy
from baqylau.inforequests import services
from baqylau.inforequests.models import Answer, InformationRequest

AUTHOR = "Айгүл Сериковна"
GPS_IFD = 0x8825


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (52.0, 17.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)}
    buffer = BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(
        buffer, format="JPEG", exif=exif.tobytes(), comment=b"JpegComment"
    )
    return buffer.getvalue()


def _xmp(creator: str, tool: str) -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f'<rdf:Description rdf:about=""><dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq>'
        f"</dc:creator><xmp:CreatorTool>{tool}</xmp:CreatorTool></rdf:Description>"
        "</rdf:RDF></x:xmpmeta>"
    ).encode()


def _stream(writer: PdfWriter, data: bytes, **entries):
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(key): value for key, value in entries.items()})
    return writer._add_object(stream)


def pdf_with_metadata(pages: int = 2) -> bytes:
    """A PDF with an author and producer, XMP for the document and a page, a comment, a link, a
    photo with EXIF, an embedded file and JavaScript run on opening."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": AUTHOR, "/Producer": "Secret Tool", "/Title": "Draft"})
    writer.xmp_metadata = _xmp(AUTHOR, "Secret Tool")
    page = writer.pages[0]
    page[NameObject("/Metadata")] = _stream(writer, _xmp(AUTHOR, "Page Tool"))
    photo = _stream(
        writer,
        b"",
        **{
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Image"),
            "/Width": NumberObject(16),
            "/Height": NumberObject(16),
            "/ColorSpace": NameObject("/DeviceRGB"),
            "/BitsPerComponent": NumberObject(8),
            "/Filter": NameObject("/DCTDecode"),
        },
    )
    photo.get_object()._data = _jpeg_with_exif()
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): photo})}
    )
    page.replace_contents(DecodedStreamObject())
    page.get_contents().set_data(b"q 100 0 0 100 0 0 cm /Im0 Do Q")
    rect = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(50), FloatObject(50)])
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): rect,
            NameObject("/T"): TextStringObject(AUTHOR),
            NameObject("/Contents"): TextStringObject("Private remark"),
        }
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): rect,
            NameObject("/T"): TextStringObject("Link Author"),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/URI"),
                    NameObject("/URI"): TextStringObject("https://baqylau.kz/"),
                }
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(note), writer._add_object(link)])
    writer.add_attachment("secret.txt", b"Embedded secret")
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('Secret script');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): script.clone(writer)})
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def everything_in(data: bytes) -> str:
    """Every object of a PDF as text, with its strings decoded."""
    reader = PdfReader(BytesIO(data))
    parts = [repr(reader.trailer)]
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        parts.append(repr(obj))
        if hasattr(obj, "get_data"):
            parts.append(obj.get_data().decode("latin-1"))
    return "\n".join(parts)


def test_a_pdf_is_rewritten_without_metadata_comments_files_and_scripts():
    raw = pdf_with_metadata()
    original = PdfReader(BytesIO(raw))
    assert original.metadata.author == AUTHOR  # the source really has them
    assert AUTHOR in everything_in(raw)
    for secret in (b"Secret Tool", b"CameraMaker", b"JpegComment", b"Embedded secret", b"alert"):
        assert secret in raw

    copy = public_document_copy(raw, content_type=PDF, name="answer.pdf")
    assert copy.name == "answer.pdf"
    data = copy.read()
    cleaned = PdfReader(BytesIO(data))
    assert len(cleaned.pages) == len(original.pages) == 2
    assert cleaned.metadata is None and cleaned.xmp_metadata is None
    root = cleaned.trailer["/Root"]
    assert "/Names" not in root and "/OpenAction" not in root
    text = everything_in(data)
    for secret in (AUTHOR, "Secret Tool", "Page Tool", "Private remark", "Link Author"):
        assert secret not in text
    for secret in (b"Secret Tool", b"CameraMaker", b"JpegComment", b"Embedded secret", b"alert"):
        assert secret not in data
    # What the public reads stays: the link and the photo, which still opens.
    (link,) = cleaned.pages[0]["/Annots"]
    assert link.get_object()["/A"]["/URI"] == "https://baqylau.kz/"
    photo = cleaned.pages[0]["/Resources"]["/XObject"]["/Im0"]
    with Image.open(BytesIO(photo._data)) as image:
        assert image.size == (16, 16)
        assert not image.getexif()


def test_a_pdf_that_cannot_be_read_or_another_type_is_refused():
    with pytest.raises(ValueError):
        public_document_copy(b"%PDF-1.4\n1 0 obj <<>> endobj\n", content_type=PDF, name="a.pdf")
    with pytest.raises(ValueError):
        public_document_copy(b"MZ\x90\x00", content_type="application/x-msdownload", name="a")


def test_plain_text_is_kept_as_it_is():
    text = "Жауап қоса беріледі".encode()
    assert public_document_copy(text, content_type=TEXT, name="note.txt").read() == text


def xlsx_with_metadata() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Смета"
    workbook.properties.creator = "Айгүл"
    workbook.properties.lastModifiedBy = AUTHOR
    workbook.properties.title = "Private title"
    workbook.properties.keywords = "private keywords"
    workbook.custom_doc_props.append(StringProperty(name="Reviewer", value="Custom Reviewer"))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_keeps_its_cells_but_not_its_properties():
    raw = xlsx_with_metadata()
    with zipfile.ZipFile(BytesIO(raw)) as archive:
        assert "docProps/custom.xml" in archive.namelist()
    data = public_document_copy(raw, content_type=XLSX, name="estimate.xlsx").read()
    workbook = openpyxl.load_workbook(BytesIO(data))
    assert workbook.active["A1"].value == "Смета"
    properties = workbook.properties
    assert not properties.creator and not properties.lastModifiedBy
    assert not properties.title and not properties.keywords
    assert not list(workbook.custom_doc_props)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert "docProps/custom.xml" not in archive.namelist()
        assert b"custom.xml" not in archive.read("[Content_Types].xml")
        assert b"custom-properties" not in archive.read("_rels/.rels")
        assert b"Microsoft Excel" not in archive.read("docProps/app.xml")
        assert b"created" not in archive.read("docProps/core.xml")  # nor any date
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        everything = b"".join(archive.read(name) for name in archive.namelist())
    for secret in ("Айгүл", "Private title", "Custom Reviewer"):
        assert secret.encode() not in everything


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/custom.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/custom-properties" Target="docProps/custom.xml"/>'
        "</Relationships>"
    ),
    "word/document.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Жауап</w:t></w:r>'
        f'<w:ins w:id="1" w:author="{AUTHOR}" w:date="2026-05-01T10:00:00Z">'
        "<w:r><w:t>қосымша</w:t></w:r></w:ins></w:p></w:body></w:document>"
    ),
    "word/comments.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{AUTHOR}" w:initials="АС" '
        'w:date="2026-05-01T10:00:00Z"><w:p><w:r><w:t>Ескерту</w:t></w:r></w:p></w:comment>'
        "</w:comments>"
    ),
    "word/_rels/settings.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="file:///C:\\Users\\aigul\\Templates\\'
        'Normal.dotm" TargetMode="External"/></Relationships>'
    ),
    "docProps/core.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{AUTHOR}</dc:creator><cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy>"
        "<dc:title>Private title</dc:title>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-05-01T10:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    ),
    "docProps/custom.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties"><property name="Reviewer">Custom Reviewer</property></Properties>'
    ),
}


def docx_with_metadata() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in DOCX_PARTS.items():
            archive.writestr(name, text.encode())
        archive.writestr("word/media/image1.jpeg", _jpeg_with_exif())
    return buffer.getvalue()


def test_a_docx_keeps_its_text_but_not_its_authors():
    raw = docx_with_metadata()
    data = public_document_copy(raw, content_type=DOCX, name="answer.docx").read()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        names = archive.namelist()
        assert "word/document.xml" in names and "docProps/core.xml" in names
        assert "docProps/custom.xml" not in names
        parts = {name: archive.read(name) for name in names}
    assert "Жауап".encode() in parts["word/document.xml"]
    assert "қосымша".encode() in parts["word/document.xml"]
    assert "Ескерту".encode() in parts["word/comments.xml"]
    assert b"<dc:creator/></cp:coreProperties>" in parts["docProps/core.xml"]  # blank, alone
    assert b"custom" not in parts["[Content_Types].xml"] + parts["_rels/.rels"]
    assert b'Target="Normal.dotm"' in parts["word/_rels/settings.xml.rels"]
    everything = b"".join(parts.values())
    for secret in (AUTHOR, "АС", "Private title", "Custom Reviewer", "aigul", "2026-05-01"):
        assert secret.encode() not in everything
    assert b"CameraMaker" not in parts["word/media/image1.jpeg"]
    with Image.open(BytesIO(parts["word/media/image1.jpeg"])) as image:
        assert image.size == (16, 16) and not image.getexif()


# Through the service ---------------------------------------------------------------------------


@pytest.fixture
def registered(alice, body, dana, today):
    request = services.request_create(
        requester=alice,
        body=body,
        subject="Repairs of school No. 7",
        text="Please send the estimate.",
        language="ru",
        delivery=InformationRequest.Delivery.BY_HAND,
    )
    services.request_send(request=request, actor=alice)
    return services.request_register(request=request, registered_on=today, actor=dana)


def submit(request, author, *files, today):
    return services.answer_submit(
        request=request,
        author=author,
        source=Answer.Source.PLATFORM,
        text="The estimate is attached.",
        received_on=today,
        files=files,
    )


@pytest.mark.django_db
def test_the_public_copy_of_an_answers_pdf_has_no_author_but_the_original_keeps_it(
    registered, dana, today
):
    raw = pdf_with_metadata(pages=3)
    answer = submit(registered, dana, SimpleUploadedFile("Ответ.pdf", raw), today=today)
    (attachment,) = answer.attachments.all()
    assert attachment.content_type == PDF
    assert attachment.original.read() == raw  # kept as received, privately
    assert PdfReader(attachment.original.path).metadata.author == AUTHOR
    public = attachment.public_file.read()
    assert attachment.public_file.name.endswith(".pdf")
    assert PdfReader(BytesIO(public)).metadata is None
    assert len(PdfReader(BytesIO(public)).pages) == 3
    assert AUTHOR not in everything_in(public) and b"Secret Tool" not in public

    # Shown again after being hidden, the file gets a fresh copy, just as clean.
    services.attachment_hide(attachment=attachment, hidden=True, actor=dana)
    services.attachment_hide(attachment=attachment, hidden=False, actor=dana)
    attachment.refresh_from_db()
    assert AUTHOR not in everything_in(attachment.public_file.read())


@pytest.mark.django_db
def test_an_office_file_in_an_answer_is_published_without_properties(registered, dana, today):
    answer = submit(
        registered, dana, SimpleUploadedFile("smeta.xlsx", xlsx_with_metadata()), today=today
    )
    (attachment,) = answer.attachments.all()
    assert attachment.content_type == XLSX
    assert openpyxl.load_workbook(attachment.original).properties.creator == "Айгүл"
    assert not openpyxl.load_workbook(attachment.public_file).properties.creator


@pytest.mark.django_db
def test_a_pdf_that_cannot_be_read_is_refused_and_nothing_is_stored(registered, dana, today):
    broken = SimpleUploadedFile("broken.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n")
    with pytest.raises(ValidationError) as info:
        submit(registered, dana, broken, today=today)
    assert info.value.code == "bad_document"
    assert not Answer.objects.exists()
