"""The demo's procurement: contracting processes of Pavlodar region's objects as an OCDS release
package (`data/procurement.json`), loaded through `import_ocds` as any publisher's file is.

Eight processes of the demo's bodies and contractors (their BINs are in `data/registry.json`): a
school whose lowest bid was disqualified and whose contract was raised twice, a kindergarten with
a single bid, a polyclinic won by a bid that came after the deadline, a street where every bid
but the winner's was disqualified, an ice rink with a five-day submission period, a tender still
open, and two ordinary ones. Two bidders are not in the registry: the back office matches them.
The processes link to their objects by the contract numbers the demo gives objects, and two by
the ocid on the object. Loading again changes nothing.

Then the red flags are computed over them, and the demo's monitor says what she found when she
checked the single bid on the kindergarten."""

from pathlib import Path

from django.core.management.base import CommandError

from baqylau.accounts.models import User
from baqylau.procurement import flags
from baqylau.procurement.feedback import give_feedback
from baqylau.procurement.importer import import_ocds
from baqylau.procurement.models import FlagFeedback, RiskFlag

DATA = Path(__file__).resolve().parent / "data" / "procurement.json"


def load_demo_procurement():
    report = import_ocds([DATA])
    if report.errors:
        raise CommandError("\n".join(str(error) for error in report.errors))
    flags.compute()
    _load_feedback()
    return report


MONITOR = "monitor@baqylau.local"
FEEDBACK = (
    "Проверили протокол вскрытия заявок на портале госзакупок: заявка действительно одна. "
    "Срок приёма заявок совпал с майскими праздниками, объявление не публиковалось в районной "
    "газете. Просим управление строительства объяснить, почему конкурс не был продлён."
)


def _load_feedback():
    """A monitor's confirmed single bid (R018), once."""
    flag = (
        RiskFlag.objects.filter(code="R018", process__isnull=False)
        .select_related("process__buyer")
        .order_by("process__ocid")
        .first()
    )
    if flag is None or FlagFeedback.objects.filter(process=flag.process, code="R018").exists():
        return
    monitor = User.objects.get(email=MONITOR)
    give_feedback(
        process=flag.process,
        code="R018",
        verdict=FlagFeedback.Verdict.CONFIRMED,
        note=FEEDBACK,
        actor=monitor,
    )
