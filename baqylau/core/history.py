"""The earlier versions of every record the public may have seen.

Each app keeps the history of its public records when it is ready (`keep_history`), with
django-simple-history: every save writes a version with who made it, when and why (the reason a
service was given). A public page shows when its record last changed, why, and its earlier
versions — of the public fields named here only, never of the private ones a version also keeps.
"""

from dataclasses import dataclass, field

from simple_history import register

# The fields a public page may show of an earlier version, by model, and those whose change it
# tells without their earlier value (a text redacted to take out personal data).
PUBLIC_FIELDS: dict[type, tuple[str, ...]] = {}
UNDISCLOSED_FIELDS: dict[type, tuple[str, ...]] = {}


def keep_history(
    model,
    *,
    public: tuple[str, ...],
    undisclosed: tuple[str, ...] = (),
    excluded: tuple[str, ...] = (),
    bases: tuple[type, ...] = (),
) -> None:
    """Keep every version of `model`; `public` names the plain fields (no relations) its page
    may show of them. Called from the app's `ready()`, after modeltranslation added the columns
    of each language, so that the versions keep every language. `bases` are abstract models
    whose fields each historical row adds (what the app records beside the change)."""
    extra = {"bases": list(bases)} if bases else {}
    register(model, excluded_fields=list(excluded), **extra)
    PUBLIC_FIELDS[model] = public
    UNDISCLOSED_FIELDS[model] = undisclosed


def note_change(instance, *, actor=None, reason: str = "") -> None:
    """Say who changes the record and why; the next save writes both into its new version."""
    if actor is not None and getattr(actor, "pk", None):
        instance._history_user = actor
    instance._change_reason = (reason or "").strip()[:100]


@dataclass
class Version:
    """An earlier state of a record as the public may see it: when it ended, why, and the public
    fields that the change replaced, with their earlier values."""

    changed_at: object
    reason: str
    earlier: list[tuple[str, object]] = field(default_factory=list)
    withheld: bool = False  # an undisclosed field changed: its earlier value is not shown


def public_changes(instance, since=None) -> list[Version]:
    """The changes of the record's public fields, newest first (one query, none when they were
    attached beforehand). A save that touched only private or workflow fields is no public
    change and is left out; so is every change before `since` (when the record became public:
    the drafts before it were never public)."""
    attached = getattr(instance, "_public_changes", None)
    if attached is not None:
        return attached
    model = type(instance)
    if model not in PUBLIC_FIELDS or instance.pk is None:
        return []
    return _changes(model, _public_from(_versions(model, instance.history.all()), since))


def _public_from(rows: list, since) -> list:
    """The versions from the one that was public at `since` on."""
    if since is None:
        return rows
    before = [row for row in rows if row.history_date <= since]
    return before[-1:] + [row for row in rows if row.history_date > since]


def attach_public_changes(records) -> None:
    """Find the changes of several records of one model in one query, for a page listing them."""
    records = [record for record in records if record.pk is not None]
    if not records or type(records[0]) not in PUBLIC_FIELDS:
        return
    model = type(records[0])
    pk = model._meta.pk.attname
    rows = _versions(model, model.history.filter(**{f"{pk}__in": [r.pk for r in records]}))
    for record in records:
        own = [row for row in rows if getattr(row, pk) == record.pk]
        record._public_changes = _changes(model, own)


def _versions(model, history) -> list:
    fields = (*PUBLIC_FIELDS[model], *UNDISCLOSED_FIELDS[model])
    pk = model._meta.pk.attname
    return list(
        history.order_by("history_date", "history_id").only(
            pk, "history_date", "history_change_reason", *fields
        )
    )


def _changes(model, rows: list) -> list[Version]:
    public, undisclosed = PUBLIC_FIELDS[model], UNDISCLOSED_FIELDS[model]
    changes = []
    for before, after in zip(rows, rows[1:], strict=False):
        earlier = [
            (_label(model, name), _shown(model, name, getattr(before, name)))
            for name in public
            if getattr(before, name) != getattr(after, name)
        ]
        hidden = any(getattr(before, name) != getattr(after, name) for name in undisclosed)
        reason = after.history_change_reason or ""
        if earlier or hidden or reason:
            changes.append(Version(after.history_date, reason, earlier, hidden))
    return changes[::-1]


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _shown(model, name: str, value):
    choices = model._meta.get_field(name).flatchoices
    return dict(choices).get(value, value) if choices else value
