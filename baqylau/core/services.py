"""Small pieces every app's services use: errors that name their field, required text, the row
lock that keeps two steps on one record from interleaving, uploads read within a limit, and
signed links read with clear errors."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models


def field_error(field: str, message, code: str) -> ValidationError:
    """An error the form shows beside `field`."""
    return ValidationError({field: ValidationError(message, code=code)})


def require_text(value: str, field: str | None, message) -> str:
    """The text without surrounding spaces; an error (beside `field`, if named) when it is empty."""
    value = (value or "").strip()
    if not value:
        if field is None:
            raise ValidationError(message, code="required")
        raise field_error(field, message, "required")
    return value


def lock(instance: models.Model) -> None:
    """Read the record again and hold its row until the transaction ends, so that two steps on it
    (an answer and the overdue run, say) never interleave."""
    manager = instance._meta.default_manager
    instance.refresh_from_db(from_queryset=manager.select_for_update())


def read_upload(upload, limit: int) -> bytes | None:
    """The content of an uploaded file, read no further than needed; None when it is empty or
    larger than `limit` bytes."""
    if getattr(upload, "size", None) and upload.size > limit:
        return None
    upload.seek(0)
    data = upload.read(limit + 1)
    return data if data and len(data) <= limit else None


def signed_read(token: str, *, salt: str, max_age, expired, invalid, invalid_code="invalid"):
    """What a signed link carries; a ValidationError with `expired` or `invalid` otherwise."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError(expired, code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError(invalid, code=invalid_code) from exc
