"""The demo's procurement: contracting processes of Pavlodar region's objects as an OCDS release
package (`data/procurement.json`), loaded through `import_ocds` as any publisher's file is.

Eight processes of the demo's bodies and contractors (their BINs are in `data/registry.json`): a
school whose lowest bid was disqualified and whose contract was raised twice, a kindergarten with
a single bid, a polyclinic won by a bid that came after the deadline, a street where every bid
but the winner's was disqualified, an ice rink with a five-day submission period, a tender still
open, and two ordinary ones. Two bidders are not in the registry: the back office matches them.
The processes link to their objects by the contract numbers the demo gives objects, and two by
the ocid on the object. Loading again changes nothing."""

from pathlib import Path

from django.core.management.base import CommandError

from baqylau.procurement.importer import import_ocds

DATA = Path(__file__).resolve().parent / "data" / "procurement.json"


def load_demo_procurement():
    report = import_ocds([DATA])
    if report.errors:
        raise CommandError("\n".join(str(error) for error in report.errors))
    return report
