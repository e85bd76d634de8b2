"""Changes people make to procurement data in the back office: matching a party to an
organisation of the registry and linking a process to an object by hand. The loaded facts
themselves change only through `importer.import_ocds`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.core.services import field_error, lock
from baqylau.registry.models import Organisation, ProjectObject

from .models import ContractingProcess, Party, ProcessObject


@transaction.atomic
def party_match(*, party: Party, organisation: Organisation, actor) -> Party:
    """Match the party to the organisation (its processes then show on the body's page)."""
    if organisation is None:
        raise field_error("organisation", _("Choose an organisation."), "required")
    lock(party)
    party.organisation = organisation
    party.matched_by = actor
    party.matched_at = timezone.now()
    party.save(update_fields=["organisation", "matched_by", "matched_at"])
    return party


@transaction.atomic
def process_object_link(
    *, process: ContractingProcess, project_object: ProjectObject, actor
) -> ProcessObject:
    """Link the process to the object by hand; a link found in the data becomes a manual one, so
    a later import keeps it."""
    if project_object is None:
        raise field_error("object", _("Choose an object."), "required")
    lock(process)
    link, _created = ProcessObject.objects.update_or_create(
        process=process,
        object=project_object,
        defaults={
            "link": ProcessObject.Link.MANUAL,
            "linked_by": actor,
            "linked_at": timezone.now(),
        },
    )
    if process.document_id is None:
        process.document_id = project_object.document_id
        process.save(update_fields=["document"])
    return link


@transaction.atomic
def process_object_unlink(*, link: ProcessObject, actor) -> None:
    """Remove a link made by hand; links found in the data come back with the next import, so
    they are not removed here."""
    if link.link != ProcessObject.Link.MANUAL:
        raise field_error(
            "link", _("Only a link made by hand can be removed; this one is in the data."), "data"
        )
    link.delete()
