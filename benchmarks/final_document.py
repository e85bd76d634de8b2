"""Final document benchmark: draws the PDF of a large campaign, as sending it does.

    uv run python benchmarks/final_document.py      # SQLite: var/benchmark_final_document.sqlite3
                                                    # photos: var/benchmark_media (MEDIA_ROOT)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqylau_bench_fd \
        uv run python benchmarks/final_document.py
    BENCH_PDF=var/final-document.pdf uv run python benchmarks/final_document.py   # keep the PDF

Campaign: 50 findings (every third about an indicator, with the monitors' figure and the chart),
100 photos of 1600 × 1200 pixels as a phone takes them, uploaded through the evidence service
(which makes their public copies without metadata), 30 recommendations to 3 state bodies, a team
of 4 with their declarations, in Kazakh. The PDF is drawn several times, all in one process;
prints each time (wall and processor), the median, the pages and the size, and as its last
line one JSON object. The first run includes importing WeasyPrint and loading the fonts.
"""

import io
import json
import os
import statistics
import sys
import time
import warnings
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'benchmark_final_document.sqlite3'}"
)
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "benchmark_media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
os.environ.setdefault("DEBUG", "0")
# Static files are not part of the measurement; collectstatic has not necessarily run.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from baqylau.monitoring.report import final_document_pdf  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from baqylau.accounts.models import Membership, Role, User  # noqa: E402
from baqylau.monitoring import accountability, services  # noqa: E402
from baqylau.monitoring.evidence import evidence_add  # noqa: E402
from baqylau.monitoring.models import Campaign  # noqa: E402
from baqylau.registry import models as m  # noqa: E402

SLUG = "bench-final-document"
FINDINGS, PHOTOS, RECOMMENDATIONS, BODIES = 50, 100, 30, 3
PHOTO_SIZE = (1600, 1200)
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
TARGET_S = 10.0


def photo(n: int) -> bytes:
    """A JPEG that compresses like a photo of a building site: sky, ground, walls, texture,
    and the capture time in its EXIF."""
    width, height = PHOTO_SIZE
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    horizon = height // 2 + (n * 37) % 200 - 100
    for y in range(height):
        if y < horizon:
            shade = (120 + y * 80 // horizon, 160 + y * 60 // horizon, 220)
        else:
            shade = (110 - (y - horizon) * 40 // height, 95, 70 + (n * 13) % 40)
        draw.line([(0, y), (width, y)], fill=shade)
    for k in range(6):
        x = (n * 97 + k * 263) % (width - 300)
        top = horizon - 150 - (k * 53 + n) % 250
        draw.rectangle(
            [x, top, x + 180 + k * 20, horizon + 40], fill=(150 + k * 12, 140 + k * 9, 130)
        )
        for row in range(top + 20, horizon, 45):
            draw.rectangle([x + 20, row, x + 60, row + 25], fill=(60, 70, 90))
    noise = Image.effect_noise(PHOTO_SIZE, 40).convert("RGB")
    image = Image.blend(image, noise, 0.18).filter(ImageFilter.GaussianBlur(0.6))
    exif = Image.Exif()
    taken = timezone.localtime() - timedelta(days=40, minutes=n * 7)
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88, exif=exif)
    return buffer.getvalue()


def _person(email: str, name: str, ngo, role: str) -> User:
    user = User.objects.create_user(email=email, password=None, full_name=name)
    Membership.objects.create(user=user, organisation=ngo, role=role)
    return user


def build() -> Campaign:
    today = timezone.localdate()
    ngo = m.Organisation.objects.create(
        kind=m.Organisation.Kind.NGO,
        slug="bench-ngo",
        name_kk="«Адал бақылау» қоғамдық бірлестігі",
        name_ru="Общественное объединение «Адал бакылау»",
        name_en="Adal Baqylau public association",
    )
    bodies = [
        m.Organisation.objects.create(
            kind=m.Organisation.Kind.AKIMAT_DEPARTMENT,
            slug=f"bench-body-{b}",
            name_kk=f"Павлодар облысының білім беру басқармасы №{b}",
            name_ru=f"Управление образования Павлодарской области №{b}",
            name_en=f"Education department of Pavlodar region no. {b}",
            email=f"body{b}@gov.example.kz",
        )
        for b in range(BODIES)
    ]
    coordinator = _person("coordinator@bench.local", "Әйгерім Қасымова", ngo, Role.COORDINATOR)
    monitors = [
        _person(f"monitor{k}@bench.local", name, ngo, Role.MONITOR)
        for k, name in enumerate(["Нұрлан Өтепов", "Гүлнұр Һадиева", "Іңкәр Ұлықбек"])
    ]
    document = m.PlanningDocument.private_objects.create(
        slug="bench-fd-plan",
        doc_type=m.PlanningDocument.Type.REGIONAL_PLAN,
        title_kk="Павлодар облысын дамыту жоспары 2021–2025",
        title_ru="План развития Павлодарской области на 2021–2025 годы",
        title_en="Pavlodar region development plan 2021–2025",
        start_year=2021,
        end_year=2025,
        status=m.PlanningDocument.Status.IN_FORCE,
        is_published=True,
    )
    direction = m.Direction.private_objects.create(document=document, number=1, name="Өмір сапасы")
    goal = m.Goal.private_objects.create(
        document=document, direction=direction, number="1", name="Мектептер"
    )
    indicators = []
    for i in range(5):
        indicator = m.Indicator.private_objects.create(
            goal=goal,
            code=f"1.{i + 1}",
            order=i,
            name_kk=f"Апатты мектептердің үлесі, {i + 1}-аудан",
            name_ru=f"Доля аварийных школ, район {i + 1}",
            name_en=f"Share of schools in disrepair, district {i + 1}",
            unit_kk="%",
            unit_ru="%",
            unit_en="%",
        )
        for k, year in enumerate(range(2021, 2026)):
            m.IndicatorValue.private_objects.create(
                indicator=indicator,
                year=year,
                plan=Decimal(60 + k * 5),
                actual=Decimal(58 + k * 4 + i) if year < 2025 else None,
            )
        indicators.append(indicator)
    objects = [
        m.ProjectObject.private_objects.create(
            document=document,
            slug=f"bench-fd-school-{k}",
            kind=m.ProjectObject.Kind.SCHOOL,
            name_kk=f"Екібастұздағы 600 орындық мектеп №{k}",
            name_ru=f"Школа на 600 мест в Экибастузе №{k}",
            name_en=f"School for 600 pupils in Ekibastuz no. {k}",
            status=m.ProjectObject.Status.IN_PROGRESS,
            responsible_body=bodies[k % BODIES],
        )
        for k in range(10)
    ]
    campaign = services.campaign_create(
        ngo=ngo,
        author=coordinator,
        title={
            "kk": "Облыстағы мектептер құрылысының қоғамдық мониторингі",
            "ru": "Общественный мониторинг строительства школ области",
        },
        description={},
        form="monitoring",
        documents=[document],
        project_objects=objects,
        bodies=bodies,
        goals="Мектептердің уақытында және сапалы салынуын тексеру.",
        tasks="Құрылыс алаңдарына бару; ақпарат сұрау; көрсеткіштерді салыстыру.",
        method="Бақылау парағымен далалық сапарлар, фотосуреттер, ақпараттық сұраулар.",
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=3),
        slug=SLUG,
    )
    for monitor in monitors:
        services.member_add(campaign=campaign, user=monitor, actor=coordinator)
    for member in campaign.members.active():
        services.declaration_file(member=member, has_conflict=False, ties="Байланыс жоқ.")
    services.campaign_publish(campaign=campaign, actor=coordinator)
    campaign.status_changes.update(changed_on=campaign.starts_on)
    for _ in range(2):
        services.campaign_advance(campaign=campaign, actor=coordinator, changed_on=campaign.ends_on)
    started = time.perf_counter()
    evidence = [
        evidence_add(
            campaign=campaign,
            upload=SimpleUploadedFile(f"IMG_{2000 + n}.jpg", photo(n), "image/jpeg"),
            actor=monitors[n % len(monitors)],
        )
        for n in range(PHOTOS)
    ]
    print(f"uploaded {PHOTOS} photos in {time.perf_counter() - started:.1f} s")
    findings = []
    for n in range(FINDINGS):
        about_indicator = n % 3 == 0
        findings.append(
            accountability.finding_save(
                campaign=campaign,
                actor=coordinator,
                title=f"№{n + 1} нысанда жұмыс кестеден қалып қойды: шатыр әлі жабылмаған",
                category=["delay", "quality", "cost", "access", "transparency"][n % 5],
                severity=["low", "medium", "high", "critical"][n % 4],
                description=(
                    "Мониторшылар құрылыс алаңында болды. Жұмыстар мамыр айында тоқтаған, "
                    "қабырғалар 60 % қаланған, жылу жүйесі жоқ. Мердігер қосымша келісімге "
                    "сілтейді, бірақ ол жарияланбаған. Ата-аналар мектептің 1 қыркүйекке "
                    "ашылмайтынына алаңдаулы.\n\nҚұжаттар мен фотосуреттер қоса беріледі."
                ),
                norm="Мемлекеттік сатып алу туралы заң, 45-бап; шарттың 4.1-тармағы",
                project_object=None if about_indicator else objects[n % len(objects)],
                indicator=indicators[n % len(indicators)] if about_indicator else None,
                year=2024 if about_indicator else None,
                monitor_value=Decimal(50 + n % 7) if about_indicator else None,
                evidence=evidence[2 * n : 2 * n + 2],
            )
        )
    for n in range(RECOMMENDATIONS):
        accountability.recommendation_save(
            campaign=campaign,
            actor=coordinator,
            body=bodies[n % BODIES],
            text=(
                f"{n + 1}-нысандағы жұмыстарды қайта бастау кестесін бекіту, оны жариялау және "
                "мердігердің міндеттемелерін орындауын бақылау; ата-аналарға хабарлау."
            ),
            findings=findings[n : n + 2],
        )
    end = timezone.make_aware(
        timezone.datetime.combine(campaign.ends_on, timezone.datetime.min.time())
    )
    accountability.final_document_save(
        campaign=campaign,
        actor=coordinator,
        language="kk",
        place="Павлодар облысы, Екібастұз қаласы, Сәтбаев көшесі, 12",
        held_from=end - timedelta(days=87),
        held_to=end + timedelta(hours=18),
        subjects=(
            "Павлодар облысының білім беру басқармасы: ақпаратты уақытында берді.\n"
            "Құрылыс басқармасы: сұрауларға жартылай жауап берді, алаңға кіруге рұқсат етті."
        ),
        documents_obtained="Мердігерлік шарт №12\nЖұмыс кестесі\nОрындалған жұмыстар актісі",
        conclusions="Мектептердің үшеуі 1 қыркүйекке ашылмайды.",
    )
    return campaign


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    campaign = Campaign.private_objects.select_related("ngo").filter(slug=SLUG).first()
    if campaign is None:
        started = time.perf_counter()
        campaign = build()
        print(f"built the campaign in {time.perf_counter() - started:.1f} s")
    counts = {
        "findings": campaign.findings.count(),
        "photos": campaign.evidence.count(),
        "recommendations": campaign.recommendations.count(),
    }
    print(f"database: {connection.vendor}; " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    timings, cpu, data = [], [], b""
    for run in range(1, REPEATS + 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        data = final_document_pdf(campaign)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        # On a busy machine the wall time grows, the processor time of this process does not.
        print(f"run {run}: {timings[-1]:.2f} s ({cpu[-1]:.2f} s of processor time)")
    pages = len(PdfReader(io.BytesIO(data)).pages)
    result = {
        "median_s": round(statistics.median(timings), 2),
        "max_s": round(max(timings), 2),
        "median_cpu_s": round(statistics.median(cpu), 2),
        "pages": pages,
        "size_mb": round(len(data) / 1_000_000, 2),
        "target_s": TARGET_S,
    }
    print(
        f"PDF: median {result['median_s']} s, slowest {result['max_s']} s "
        f"(target ≤ {TARGET_S:.0f} s), {pages} pages, {result['size_mb']} MB"
    )
    if os.environ.get("BENCH_PDF"):
        Path(os.environ["BENCH_PDF"]).write_bytes(data)
        print(f"written to {os.environ['BENCH_PDF']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
