"""Content written in some languages only: translated fields (`title_kk`, `title_ru`, `title_en`)
fall back to another language when the page's is empty. Lists show what is written in the page's
language first, and mark the rest (the `translated` template tag)."""

from django.conf import settings
from django.db.models import Func, IntegerField, QuerySet
from django.utils.translation import get_language


def page_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def written_in(obj, field: str, lang: str | None = None) -> str:
    """The text of the translated `field` in `lang` (the page's language), or ""."""
    return getattr(obj, f"{field}_{lang or page_language()}", None) or ""


def fallback_of(obj, field: str) -> tuple[str, str]:
    """The language and text a page in another language shows for an empty `field`."""
    lang = page_language()
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    for code in fallbacks.get(lang, fallbacks["default"]):
        if text := written_in(obj, field, code):
            return code, text
    return lang, ""


class Unwritten(Func):
    """1 where a text column is empty (or NULL), 0 where it is written. Its SQL holds no
    parameter: SQLite serves a query from an index on an expression only when the query's
    expression is the same literal SQL, and a bound '' is not (the home page's latest objects
    were sorted out of every object there)."""

    template = "CASE WHEN (%(expressions)s IS NULL OR %(expressions)s = '') THEN 1 ELSE 0 END"
    output_field = IntegerField()


def page_language_first(qs: QuerySet, field: str) -> QuerySet:
    """`qs` in its own order, but what has `field` in the page's language comes first."""
    first = Unwritten(f"{field}_{page_language()}")
    return qs.order_by(first, *(qs.query.order_by or qs.model._meta.ordering))


def translated_fields(field: str) -> tuple[str, ...]:
    """The columns of a translated field, one per language: `title_kk`, `title_ru`, `title_en`."""
    return tuple(f"{field}_{code}" for code, _name in settings.LANGUAGES)
