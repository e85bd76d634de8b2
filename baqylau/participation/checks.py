"""Automatic checks that flag a contribution for a moderator before anyone decides: an
individual identification number (IIN), a phone number, an email address or a link in the text,
or the same text as another contribution. They never hide anything by themselves; a flagged
contribution of a trusted user is held instead of published at once. Faces and number plates are
not detected: a moderator hides a photo or publishes a blurred copy."""

import re
from datetime import date

from django.contrib.contenttypes.models import ContentType

from .models import Comment, Flag, Rating, Report, ReportEvent

# Twelve digits standing alone: an IIN (or a company's BIN, which has the same form).
TWELVE_DIGITS = re.compile(r"(?<!\d)(\d{12})(?!\d)")
PHONE = re.compile(
    r"(?<![\d+])(?:\+?7|8)[\s\-().]*\d{3}[\s\-().]*\d{3}[\s\-.]*\d{2}[\s\-.]*\d{2}(?!\d)"
    # A landline with a four-digit area code: 8 (7182) 32 45 67.
    r"|(?<![\d+])(?:\+?7|8)[\s\-]*\(?\d{4}\)?[\s\-]*\d{2}[\s\-.]*\d{2}[\s\-.]*\d{2}(?!\d)"
    r"|(?<![\d+])\+\d{1,3}[\s\-().]*(?:\d[\s\-().]*){8,12}\d(?!\d)"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:kz|қаз|com|ru|org|net|info|io|me|ly)(?:/\S*)?\b",
    re.IGNORECASE | re.UNICODE,
)
TEXT_FIELDS = {Report: "description", Comment: "text", ReportEvent: "text", Rating: "reason"}
MIN_DUPLICATE_LENGTH = 20


def iin_checksum_ok(digits: str) -> bool:
    """The control digit of an IIN or BIN (weights 1..11, then 3..11,1,2 when the first sum
    leaves 10)."""
    numbers = [int(d) for d in digits]
    first = sum(w * n for w, n in zip(range(1, 12), numbers[:11], strict=True)) % 11
    if first == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        first = sum(w * n for w, n in zip(weights, numbers[:11], strict=True)) % 11
        if first == 10:
            return False
    return first == numbers[11]


def looks_like_iin(digits: str) -> bool:
    """Twelve digits that begin with a real date of birth (YYMMDD) and a valid century/sex digit,
    with a valid control digit."""
    try:
        date(2000 + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return False
    return digits[6] in "0123456" and iin_checksum_ok(digits)


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def is_duplicate(text: str, model) -> bool:
    field = TEXT_FIELDS.get(model)
    text = normalised(text)
    if field is None or len(text) < MIN_DUPLICATE_LENGTH:
        return False
    manager = getattr(model, "private_objects", None) or model.objects
    candidates = manager.filter(**{f"{field}__iexact": text.strip()})
    if candidates.exists():
        return True
    # Differences of spacing and case only: compare among the texts of the same length band.
    head = text[:20]
    for other in manager.filter(**{f"{field}__icontains": head}).values_list(field, flat=True)[:50]:
        if normalised(other) == text:
            return True
    return False


def run(text: str, *, model=None, duplicate_of: str | None = None) -> list[str]:
    """The checks a text trips, as Flag.Check codes. The duplicate check compares
    `duplicate_of` (the model's text field alone, when the text has more) or the text with the
    model's texts."""
    found = []
    if any(looks_like_iin(m) for m in TWELVE_DIGITS.findall(text)):
        found.append(Flag.Check.IIN)
    if PHONE.search(text):
        found.append(Flag.Check.PHONE)
    if EMAIL.search(text):
        found.append(Flag.Check.EMAIL)
    if LINK.search(EMAIL.sub(" ", text)):
        found.append(Flag.Check.LINK)
    if model is not None and is_duplicate(text if duplicate_of is None else duplicate_of, model):
        found.append(Flag.Check.DUPLICATE)
    return found


def flag(item, found: list[str]) -> None:
    """Raise the item in the moderation queue for each check it tripped."""
    if not found:
        return
    item_type = ContentType.objects.get_for_model(item)
    Flag.objects.bulk_create(
        [Flag(item_type=item_type, item_id=item.pk, auto_check=code) for code in found]
    )
