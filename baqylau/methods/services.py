"""Every change of the library: items and their versions, publishing, a campaign starting from a
checklist of the library, and a campaign's checklist given to it.

A version is never changed once its item has been public: a change is a new version. A draft
(an item never published) may still be corrected, in its last version.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.core.documents import DOCX, PDF
from baqylau.core.services import field_error, lock, require_text
from baqylau.core.text import free_slug, latin_slug
from baqylau.core.uploads import prepare_upload, store_prepared
from baqylau.core.withdrawals import record_withdraw
from baqylau.monitoring.checklists import TITLE_LENGTH, checklist_create, clean_questions
from baqylau.monitoring.models import Campaign, Checklist, ChecklistVersion
from baqylau.registry.models import ProjectObject

from .models import (
    DEFAULT_LICENCE,
    ItemKind,
    ItemUse,
    ItemVersion,
    Language,
    LibraryItem,
)
from .permissions import author_ngos, can_publish_from, can_start_from

SLUG_LENGTH = 100
# Addresses of the library's own pages, which no item takes.
RESERVED_SLUGS = {"new", "import", "from-campaign"}
INDICATOR_LENGTH = 500
FILE_TYPES = {PDF, DOCX}
# A guide's file may be a long document with pictures.
MAX_FILE_BYTES = 30 * 1024 * 1024


def _check_author(actor, author) -> None:
    if not author_ngos(actor).filter(pk=author.pk).exists():
        raise ValidationError(
            _("Only a coordinator of the author organisation writes its library items."),
            code="not_coordinator",
        )


def _clean_indicators(indicators) -> list[str]:
    cleaned, errors = [], []
    for number, text in enumerate(indicators or [], start=1):
        text = str(text or "").strip()
        if not text:
            continue
        if len(text) > INDICATOR_LENGTH:
            errors.append(
                ValidationError(
                    _("Indicator %(number)s is longer than %(limit)s characters."),
                    code="max_length",
                    params={"number": number, "limit": INDICATOR_LENGTH},
                )
            )
        cleaned.append(text)
    if errors:
        raise ValidationError({"indicators": errors})
    if not cleaned:
        raise field_error(
            "indicators", _("An indicator set needs at least one indicator."), "required"
        )
    return cleaned


def _prepare_file(file):
    prepared = prepare_upload(file, limit=MAX_FILE_BYTES)
    if prepared.content_type not in FILE_TYPES:
        raise field_error(
            "file",
            _("Only PDF and DOCX files are kept in the library."),
            "file_type",
        )
    return prepared


def _content(kind: str, *, questions, indicators, body: str, file) -> tuple[dict, object]:
    """The version's columns for its kind, and the prepared file (if any) to store with it."""
    if kind == ItemKind.CHECKLIST:
        try:
            return {"questions": clean_questions(questions or [])}, None
        except ValidationError as exc:
            raise ValidationError({"questions": exc.error_list}) from exc
    if kind == ItemKind.INDICATOR_SET:
        return {"indicators": _clean_indicators(indicators)}, None
    body = (body or "").strip()
    prepared = None
    if file:
        try:
            prepared = _prepare_file(file)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise
            raise ValidationError({"file": exc.error_list}) from exc
    if not body and prepared is None:
        raise field_error("body", _("Write the text or attach a file (PDF or DOCX)."), "required")
    return {"body": body}, prepared


def _new_version(*, item, number, actor, columns, prepared, change_note, source=None):
    version = ItemVersion(
        item=item,
        number=number,
        change_note=(change_note or "").strip(),
        source_checklist_version=source,
        created_by=actor,
        **columns,
    )
    if prepared is None:
        version.save()
    else:
        version.file_name = prepared.name
        version.content_type = prepared.content_type
        version.size = len(prepared.data)
        version.sha256 = prepared.sha256
        store_prepared([(version, prepared)])
    return version


def _check_kind(kind):
    if kind not in ItemKind.values:
        raise field_error("kind", _("Choose a kind of method."), "invalid_choice")


def _item_fields(*, title, summary, object_kind, language, licence) -> dict:
    title = require_text(title, "title", _("Give the item a title."))
    if len(title) > TITLE_LENGTH:
        raise field_error("title", _("The title is too long."), "max_length")
    if language not in Language.values:
        raise field_error("language", _("Choose the language of the item."), "invalid_choice")
    if object_kind and object_kind not in ProjectObject.Kind.values:
        raise field_error("object_kind", _("Choose a kind of object."), "invalid_choice")
    return {
        "title": title,
        "summary": (summary or "").strip(),
        "object_kind": object_kind or "",
        "language": language,
        "licence": (licence or "").strip() or DEFAULT_LICENCE,
    }


@transaction.atomic
def item_create(
    *,
    author,
    actor,
    kind: str,
    title: str,
    language: str,
    summary: str = "",
    object_kind: str = "",
    licence: str = DEFAULT_LICENCE,
    questions: list[dict] | None = None,
    indicators: list[str] | None = None,
    body: str = "",
    file=None,
    change_note: str = "",
    derived_from: ItemVersion | None = None,
    source_checklist_version: ChecklistVersion | None = None,
) -> LibraryItem:
    """A new item of `author` with its first version, a draft until it is published."""
    _check_author(actor, author)
    _check_kind(kind)
    fields = _item_fields(
        title=title, summary=summary, object_kind=object_kind, language=language, licence=licence
    )
    columns, prepared = _content(
        kind, questions=questions, indicators=indicators, body=body, file=file
    )
    base = latin_slug(fields["title"], SLUG_LENGTH) or "method"
    slug = free_slug(
        base,
        lambda s: s in RESERVED_SLUGS or LibraryItem.private_objects.filter(slug=s).exists(),
    )
    item = LibraryItem.private_objects.create(
        kind=kind,
        slug=slug,
        author=author,
        derived_from=derived_from,
        created_by=actor,
        **fields,
    )
    _new_version(
        item=item,
        number=1,
        actor=actor,
        columns=columns,
        prepared=prepared,
        change_note=change_note,
        source=source_checklist_version,
    )
    return item


@transaction.atomic
def item_publish(*, item: LibraryItem, actor) -> LibraryItem:
    """Open the item to everyone, with all its versions; from now on they never change."""
    _check_author(actor, item.author)
    lock(item)
    if item.is_published:
        raise ValidationError(_("The item is already published."), code="published")
    if item.withdrawn_at is not None:
        raise ValidationError(_("A withdrawn item is not published again."), code="withdrawn")
    item.is_published = True
    item.published_at = item.published_at or timezone.now()
    item.save(update_fields=["is_published", "published_at"])
    return item


@transaction.atomic
def item_withdraw(*, item: LibraryItem, actor, reason: str) -> LibraryItem:
    """Take a published item out of the library with a public reason; nothing is deleted."""
    _check_author(actor, item.author)
    return record_withdraw(record=item, actor=actor, reason=reason)


@transaction.atomic
def version_add(
    *,
    item: LibraryItem,
    actor,
    questions: list[dict] | None = None,
    indicators: list[str] | None = None,
    body: str = "",
    file=None,
    change_note: str = "",
    source_checklist_version: ChecklistVersion | None = None,
) -> ItemVersion:
    """The item's next version; a published item shows it at once."""
    _check_author(actor, item.author)
    if item.withdrawn_at is not None:
        raise ValidationError(_("A withdrawn item gets no new version."), code="withdrawn")
    change_note = require_text(change_note, "change_note", _("Say what changed in this version."))
    columns, prepared = _content(
        item.kind, questions=questions, indicators=indicators, body=body, file=file
    )
    # Hold the item so that two new versions never take the same number.
    lock(item)
    last = item.versions.aggregate(last=Max("number"))["last"] or 0
    return _new_version(
        item=item,
        number=last + 1,
        actor=actor,
        columns=columns,
        prepared=prepared,
        change_note=change_note,
        source=source_checklist_version,
    )


@transaction.atomic
def version_correct(
    *,
    version: ItemVersion,
    actor,
    questions: list[dict] | None = None,
    indicators: list[str] | None = None,
    body: str = "",
    change_note: str = "",
) -> ItemVersion:
    """Correct the last version of a draft. Once the item has been public its versions stay as
    they were published: a change is a new version."""
    item = version.item
    _check_author(actor, item.author)
    lock(item)
    if item.has_been_public:
        raise ValidationError(
            _("A published version is never changed: add a new version instead."),
            code="published_version",
        )
    if item.versions.filter(number__gt=version.number).exists():
        raise ValidationError(
            _("Only the last version of a draft is corrected."), code="not_last_version"
        )
    columns, _prepared = _content(
        item.kind, questions=questions, indicators=indicators, body=body or version.body, file=None
    )
    for name, value in columns.items():
        setattr(version, name, value)
    version.change_note = (change_note or version.change_note).strip()
    version.save(update_fields=[*columns, "change_note"])
    return version


# Campaigns and the library ---------------------------------------------------------------------


@transaction.atomic
def item_start(*, version: ItemVersion, campaign: Campaign, actor, title: str = "") -> Checklist:
    """A checklist of the campaign copied from a checklist version of the library, which the
    use records as its source."""
    if not can_start_from(actor, campaign):
        raise ValidationError(
            _("Only a coordinator of the campaign writes its checklists, until it is closed."),
            code="not_coordinator",
        )
    if version.item.kind != ItemKind.CHECKLIST:
        raise ValidationError(
            _("Only a checklist of the library is copied into a campaign."), code="not_checklist"
        )
    checklist = checklist_create(
        campaign=campaign,
        title=(title or "").strip() or version.item.title,
        actor=actor,
        questions=[dict(question) for question in version.questions],
    )
    ItemUse.private_objects.create(
        version=version, campaign=campaign, checklist=checklist, created_by=actor
    )
    return checklist


def source_of(checklist: Checklist) -> ItemVersion | None:
    """The library version the checklist was copied from, if it was."""
    use = ItemUse.private_objects.select_related("version__item").filter(checklist=checklist)
    found = use.first()
    return found.version if found else None


@transaction.atomic
def checklist_to_library(
    *,
    checklist_version: ChecklistVersion,
    actor,
    change_note: str = "",
    title: str = "",
    summary: str = "",
    object_kind: str = "",
    language: str = "",
) -> ItemVersion:
    """Give a version of a campaign's checklist to the library. A checklist copied from an item
    of the campaign's own NGO becomes that item's new version; any other becomes a new item (a
    draft of the NGO, to publish), which names the version it was made from, if any."""
    checklist = checklist_version.checklist
    campaign = checklist.campaign
    if not can_publish_from(actor, campaign):
        raise ValidationError(
            _("Only a coordinator of the campaign gives its checklists to the library."),
            code="not_coordinator",
        )
    questions = [question.as_data() for question in checklist_version.questions.all()]
    source = source_of(checklist)
    if source is not None and source.item.author_id == campaign.ngo_id:
        return version_add(
            item=source.item,
            actor=actor,
            questions=questions,
            change_note=change_note
            or _("From the campaign “%(campaign)s”.") % {"campaign": campaign.title},
            source_checklist_version=checklist_version,
        )
    item = item_create(
        author=campaign.ngo,
        actor=actor,
        kind=ItemKind.CHECKLIST,
        title=title or checklist.title,
        summary=summary,
        object_kind=object_kind or (source.item.object_kind if source else ""),
        language=language or (source.item.language if source else ""),
        questions=questions,
        change_note=change_note,
        derived_from=source,
        source_checklist_version=checklist_version,
    )
    return item.versions.get()
