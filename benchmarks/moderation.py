"""Moderation benchmark: builds a queue of 10,000 held contributions and measures its pages.

    uv run python benchmarks/moderation.py      # SQLite (var/benchmark-moderation.sqlite3)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench_moderation \
        uv run python benchmarks/moderation.py

The queue: 4,000 held reports, 4,000 held comments, 1,000 held updates on published reports and
1,000 held reasons of ratings (10,000 held items), and 500 published comments with an open
automatic flag. Each page is requested through Django's test client as a signed-in moderator
(the whole stack but the network). Prints a table and, as its last line, one JSON object
{page: {"median_ms", "p95_ms"}}.
"""

import json
import os
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark-moderation.sqlite3'}"
)

# The portal benchmark sets Django up on BENCH_DATABASE_URL and has the helpers.
import portal  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from baqylau.accounts.models import Membership, Role, User  # noqa: E402
from baqylau.participation import models as p  # noqa: E402
from baqylau.registry import models as m  # noqa: E402

REPORTS, COMMENTS, UPDATES, RATINGS, FLAGGED = 4000, 4000, 1000, 1000, 500
MODERATOR = "bench-moderator@example.org"


def _people(count: int) -> list[User]:
    User.objects.bulk_create(
        User(
            email=f"bench-citizen-{n}@example.org",
            full_name=f"Citizen {n}",
        )
        for n in range(count)
    )
    return list(User.objects.filter(email__startswith="bench-citizen-"))


@transaction.atomic
def build() -> None:
    now = timezone.now()
    ngo = m.Organisation.objects.create(
        slug="bench-ngo", kind=m.Organisation.Kind.NGO, name_kk="ҚБ", name_ru="НКО", name_en="NGO"
    )
    moderator = User.objects.create_user(email=MODERATOR, password="bench", full_name="Moderator")
    Membership.objects.create(user=moderator, organisation=ngo, role=Role.MODERATOR)
    document = m.PlanningDocument.private_objects.create(
        slug="bench-moderation-plan",
        doc_type=m.PlanningDocument.Type.REGIONAL_PLAN,
        title_kk="Жоспар",
        title_ru="План",
        title_en="Plan",
        start_year=2021,
        end_year=2025,
        is_published=True,
    )
    obj = m.ProjectObject.private_objects.create(
        document=document,
        slug="bench-moderation-school",
        kind=m.ProjectObject.Kind.SCHOOL,
        name_kk="Мектеп",
        name_ru="Школа",
        name_en="School",
        status=m.ProjectObject.Status.COMPLETED,
    )
    people = _people(RATINGS)
    category = p.Category.objects.order_by("pk").first()
    held = p.Moderation.HELD

    def at(n: int):
        return now - timedelta(minutes=20_000 - n)

    p.Report.private_objects.bulk_create(
        (
            p.Report(
                category=category,
                title=f"Problem {n}",
                description=f"The roof leaks, case {n}.",
                project_object=obj,
                reporter=people[n % len(people)],
                moderation=p.Moderation.PUBLISHED if n < UPDATES else held,
                created_at=at(n),
            )
            for n in range(REPORTS + UPDATES)
        ),
        batch_size=2000,
    )
    published = list(p.Report.private_objects.filter(moderation=p.Moderation.PUBLISHED)[:UPDATES])
    p.ReportEvent.objects.bulk_create(
        (
            p.ReportEvent(
                report=report,
                kind=p.ReportEvent.Kind.UPDATE,
                role=p.ReportEvent.Role.CITIZEN,
                actor=people[n % len(people)],
                text=f"Still broken ({n}).",
                moderation=held,
                created_at=at(n * 3),
            )
            for n, report in enumerate(published)
        ),
        batch_size=2000,
    )
    object_type = ContentType.objects.get_for_model(m.ProjectObject)
    p.Comment.objects.bulk_create(
        (
            p.Comment(
                target_type=object_type,
                target_id=obj.pk,
                author=people[n % len(people)],
                text=f"Comment number {n}.",
                moderation=held if n < COMMENTS else p.Moderation.PUBLISHED,
                created_at=at(n * 2),
            )
            for n in range(COMMENTS + FLAGGED)
        ),
        batch_size=2000,
    )
    p.Rating.objects.bulk_create(
        (
            p.Rating(
                project_object=obj,
                user=person,
                reason=f"Reason {n}.",
                moderation=held,
                created_at=at(n * 5),
            )
            for n, person in enumerate(people)
        ),
        batch_size=2000,
    )
    comment_type = ContentType.objects.get_for_model(p.Comment)
    flagged = p.Comment.objects.filter(moderation=p.Moderation.PUBLISHED).values_list(
        "pk", flat=True
    )
    p.Flag.objects.bulk_create(
        p.Flag(item_type=comment_type, item_id=pk, auto_check=p.Flag.Check.LINK) for pk in flagged
    )


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if not User.objects.filter(email=MODERATOR).exists():
        started = time.perf_counter()
        build()
        print(f"built the queue in {time.perf_counter() - started:.1f} s")
    held = p.Moderation.HELD
    counts = {
        "held reports": p.Report.private_objects.filter(moderation=held).count(),
        "held comments": p.Comment.objects.filter(moderation=held).count(),
        "held updates": p.ReportEvent.objects.filter(moderation=held).count(),
        "held ratings": p.Rating.objects.filter(moderation=held).count(),
        "open flags": p.Flag.objects.filter(resolved_at=None).count(),
    }
    portal.print_sizes(counts)
    pages = {
        "queue, held, page 1": "/ru/participation/moderation/",
        "queue, held, page 250": "/ru/participation/moderation/?page=250",
        "queue, flagged": "/ru/participation/moderation/?tab=flagged",
        "moderation log": "/ru/participation/moderation/log/",
    }
    client = Client()
    client.force_login(User.objects.get(email=MODERATOR))
    print(json.dumps(portal.measure_all(pages, width=24, client=client)))


if __name__ == "__main__":
    main()
