"""What moderators do to contributions, and what anyone does to ask them to look.

Every kind of contribution is moderated alike: a report, a citizen's update on a report, a photo
or PDF of either, a comment, and the reason given with a rating. A moderator publishes what was
held, hides an item with a reason from the list and a note (the item keeps its place and public
pages say why), restores it, replaces a photo's public copy with a blurred one (the original
stays private), or dismisses the flags raised on it. Every step is recorded in ModerationAction
with who, when, the reason and the note; nothing is deleted.

Every function is a service: keyword-only arguments, one transaction, ValidationError with a
translated message.
"""

from io import BytesIO
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from baqylau.core.images import MAX_PUBLIC_SIDE
from baqylau.core.permissions import signed_in
from baqylau.core.services import field_error, lock

from . import reports
from .models import (
    Comment,
    Flag,
    ModerationAction,
    ModerationReason,
    Rating,
    Report,
    ReportEvent,
    ReportFile,
)
from .permissions import is_moderator
from .states import Moderation

# The kinds of contribution, by the name the moderation pages use in their addresses.
KINDS = {
    "report": Report,
    "update": ReportEvent,
    "file": ReportFile,
    "comment": Comment,
    "rating": Rating,
}
KIND_NAMES = {
    "report": _("problem report"),
    "update": _("update on a report"),
    "file": _("photo or document"),
    "comment": _("comment"),
    "rating": _("reason of a rating"),
}
Action = ModerationAction.Action


def kind_of(item) -> str:
    for kind, model in KINDS.items():
        if isinstance(item, model):
            return kind
    raise TypeError(f"{type(item).__name__} is not moderated")


def items_of(kind: str):
    """Every item of a kind, in any state (for moderators and services only)."""
    model = KINDS[kind]
    if model is Report:
        return Report.private_objects.all()
    if model is ReportEvent:
        return ReportEvent.objects.filter(kind=ReportEvent.Kind.UPDATE)
    return model.objects.all()


# Helpers ---------------------------------------------------------------------------------------


def _require_moderator(user) -> None:
    if not is_moderator(user):
        raise ValidationError(_("Only a moderator does this."), code="not_moderator")


def _record(item, action: str, *, moderator, reason=None, note: str = "") -> ModerationAction:
    return ModerationAction.objects.create(
        item_type=ContentType.objects.get_for_model(item),
        item_id=item.pk,
        action=action,
        reason=reason,
        note=(note or "").strip()[:500],
        moderator=moderator,
    )


def unresolved_flags(item):
    return Flag.objects.filter(
        item_type=ContentType.objects.get_for_model(item), item_id=item.pk, resolved_at=None
    )


def _resolve_flags(item) -> int:
    return unresolved_flags(item).update(resolved_at=timezone.now())


def _set_state(item, state: str) -> None:
    item.moderation = state
    fields = ["moderation"]
    if isinstance(item, Report):
        fields.append("updated_at")
    item.save(update_fields=fields)


def _reason(reason, *, required: bool):
    if reason is None:
        if required:
            raise field_error("reason", _("Choose the reason."), "required")
        return None
    if not isinstance(reason, ModerationReason):
        raise field_error("reason", _("Choose the reason."), "bad_reason")
    return reason


# The moderator's steps ---------------------------------------------------------------------------


def moderation_publish(*, item, moderator, reason=None, note: str = ""):
    """Publish a held item; the flags on it are resolved, since the moderator looked. A held
    report is published through the reports' service, which starts the body's term."""
    _require_moderator(moderator)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        lock(item)
        if item.moderation == Moderation.PUBLISHED:
            raise ValidationError(_("This is published already."), code="published")
        if item.moderation == Moderation.HIDDEN:
            raise ValidationError(
                _("This was hidden by a moderator: restore it instead."), code="hidden"
            )
        if isinstance(item, Report):
            reports.report_publish(report=item, actor=moderator)
        elif item.moderation == Moderation.UNCONFIRMED:
            raise ValidationError(_("The author has not confirmed this yet."), code="unconfirmed")
        else:
            _set_state(item, Moderation.PUBLISHED)
        _resolve_flags(item)
        _record(item, Action.PUBLISH, moderator=moderator, reason=reason, note=note)
    return item


def moderation_hide(*, item, moderator, reason, note: str = ""):
    """Hide an item with a reason from the list: it keeps its place, and public pages show
    "hidden by a moderator" with the reason instead of its content."""
    _require_moderator(moderator)
    reason = _reason(reason, required=True)
    with transaction.atomic():
        lock(item)
        if item.moderation == Moderation.HIDDEN:
            raise ValidationError(_("This is hidden already."), code="hidden")
        _set_state(item, Moderation.HIDDEN)
        _resolve_flags(item)
        _record(item, Action.HIDE, moderator=moderator, reason=reason, note=note)
        if isinstance(item, Report):
            # The report's timeline says so too; the reason is read from the action, in the
            # reader's language (never the moderator's note).
            ReportEvent.objects.create(
                report=item,
                kind=ReportEvent.Kind.HIDDEN,
                role=ReportEvent.Role.MODERATOR,
                actor=moderator,
            )
    return item


def hide_item(*, item, reason_code: str, moderator, note: str = ""):
    """moderation_hide with the reason named by its code, as data files name it."""
    reason = ModerationReason.objects.filter(code=reason_code).first()
    return moderation_hide(item=item, moderator=moderator, reason=reason, note=note)


def moderation_restore(*, item, moderator, reason=None, note: str = ""):
    """Show a hidden item again, as it was."""
    _require_moderator(moderator)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        lock(item)
        if item.moderation != Moderation.HIDDEN:
            raise ValidationError(_("Only a hidden item is restored."), code="not_hidden")
        if isinstance(item, Report):
            reports.report_publish(report=item, actor=moderator)
        else:
            _set_state(item, Moderation.PUBLISHED)
        _record(item, Action.RESTORE, moderator=moderator, reason=reason, note=note)
    return item


def flags_dismiss(*, item, moderator, reason=None, note: str = ""):
    """The flags on an item were unfounded: they are resolved and the item stays as it is."""
    _require_moderator(moderator)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        if not _resolve_flags(item):
            raise ValidationError(_("Nothing is flagged here."), code="no_flags")
        _record(item, Action.DISMISS, moderator=moderator, reason=reason, note=note)
    return item


# Blurring a photo ------------------------------------------------------------------------------


def parse_box(x, y, w, h) -> tuple[float, float, float, float] | None:
    """A rectangle in percentages of the photo's width and height; all empty: the whole photo."""
    values = [x, y, w, h]
    if all(v in (None, "") for v in values):
        return None
    try:
        x, y, w, h = (float(str(v).replace(",", ".")) for v in values)
    except (TypeError, ValueError) as exc:
        raise field_error(
            "box", _("Give the rectangle as four numbers from 0 to 100, or none."), "bad_box"
        ) from exc
    if not (0 <= x < 100 and 0 <= y < 100 and 0 < w <= 100 and 0 < h <= 100):
        raise field_error(
            "box", _("Give the rectangle as four numbers from 0 to 100, or none."), "bad_box"
        )
    return x, y, min(w, 100 - x), min(h, 100 - y)


def _blur(image: Image.Image, area: tuple[int, int, int, int]) -> Image.Image:
    """Pixelate, then blur, the area: faces and number plates cannot be read back."""
    left, top, right, bottom = area
    region = image.crop(area)
    width, height = region.size
    small = region.resize(
        (max(1, width // 16), max(1, height // 16)), Image.Resampling.BILINEAR
    ).resize((width, height), Image.Resampling.NEAREST)
    radius = max(4, max(width, height) // 30)
    image.paste(small.filter(ImageFilter.GaussianBlur(radius)), (left, top))
    return image


def blurred_copy(data: bytes, *, name: str, box=None) -> ContentFile:
    """A public copy of a photo, blurred in the box (percentages) or everywhere, without any
    metadata."""
    try:
        with Image.open(BytesIO(data)) as original:
            fmt = "PNG" if original.format == "PNG" else "JPEG"
            image = ImageOps.exif_transpose(original)
            image.thumbnail((MAX_PUBLIC_SIDE, MAX_PUBLIC_SIDE))
            if image.mode == "P" or (fmt == "JPEG" and image.mode not in ("RGB", "L")):
                image = image.convert("RGB")
            image = Image.frombytes(image.mode, image.size, image.tobytes())
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(_("Only a photo can be blurred."), code="not_image") from exc
    width, height = image.size
    if box is None:
        area = (0, 0, width, height)
    else:
        x, y, w, h = box
        area = (
            int(width * x / 100),
            int(height * y / 100),
            max(int(width * (x + w) / 100), int(width * x / 100) + 1),
            max(int(height * (y + h) / 100), int(height * y / 100) + 1),
        )
    image = _blur(image, area)
    buffer = BytesIO()
    image.save(buffer, format=fmt, quality=85, optimize=True)
    stem = get_valid_filename(Path(name).stem) or "photo"
    return ContentFile(buffer.getvalue(), name=f"{stem}-blurred.{'png' if fmt == 'PNG' else 'jpg'}")


def moderation_blur(*, file: ReportFile, moderator, box=None, reason=None, note: str = ""):
    """Replace a photo's public copy by a blurred one (the rectangle `box` in percentages, or
    the whole photo). The original stays private and unchanged."""
    _require_moderator(moderator)
    reason = _reason(reason, required=False)
    if not file.is_image:
        raise ValidationError(_("Only a photo can be blurred."), code="not_image")
    with file.original.open("rb") as source:
        data = source.read()
    blurred = blurred_copy(data, name=file.name, box=box)
    old = file.public_file.name
    storage = file.public_file.storage
    file.public_file.save(blurred.name, blurred, save=False)
    try:
        with transaction.atomic():
            ReportFile.objects.filter(pk=file.pk).update(
                public_file=file.public_file.name, blurred=True
            )
            file.blurred = True
            _record(file, Action.BLUR, moderator=moderator, reason=reason, note=note)
            # The copy that showed what is now blurred is a copy only: it goes.
            if old and old != file.public_file.name:
                transaction.on_commit(lambda: storage.delete(old))
    except Exception:
        storage.delete(file.public_file.name)
        raise
    return file


# Anyone's flag -----------------------------------------------------------------------------------


def flag_add(
    *,
    item,
    reason,
    user=None,
    note: str = "",
    client_address: str | None = None,
    honeypot: str = "",
) -> Flag:
    """Ask the moderators to look at a published item, with a reason offered to users. Signed-in
    users and anonymous visitors flag, both within the hourly limits; one open flag per user and
    item."""
    reports.refuse_bots(honeypot)
    if not isinstance(reason, ModerationReason) or not reason.flaggable:
        raise field_error("reason", _("Choose what is wrong with it."), "bad_reason")
    if item.moderation != Moderation.PUBLISHED:
        raise ValidationError(_("Only what is published can be flagged."), code="not_published")
    user = user if signed_in(user) else None
    if user is not None:
        existing = unresolved_flags(item).filter(flagged_by=user).first()
        if existing is not None:
            return existing
    reports.rate_limit(user=user, address=client_address, kind="flag")
    with transaction.atomic():
        return Flag.objects.create(
            item_type=ContentType.objects.get_for_model(item),
            item_id=item.pk,
            reason=reason,
            note=(note or "").strip()[:500],
            flagged_by=user,
            client_address=client_address,
        )


# What public pages show of hidden items --------------------------------------------------------


def hidden_reasons(items) -> dict[int, str]:
    """For the hidden ones among items of one kind: their pk and the reason of the latest
    "hide", in one query."""
    hidden = [item.pk for item in items if item.moderation == Moderation.HIDDEN]
    if not hidden:
        return {}
    model = type(items[0])
    actions = (
        ModerationAction.objects.filter(
            item_type=ContentType.objects.get_for_model(model),
            item_id__in=hidden,
            action=Action.HIDE,
        )
        .select_related("reason")
        .order_by("created_at", "id")
    )
    return {action.item_id: str(action.reason or "") for action in actions}


def mark_hidden(items) -> list:
    """Set `hidden_reason` on each item (None when it is not hidden), in one query."""
    items = list(items)
    if items:
        reasons = hidden_reasons(items)
        for item in items:
            hidden = item.moderation == Moderation.HIDDEN
            # A hidden item never shows its content, even without a recorded reason.
            item.hidden_reason = reasons.get(item.pk, "") if hidden else None
    return items
