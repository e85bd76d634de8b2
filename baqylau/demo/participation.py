"""Illustrative citizens' participation at the demo objects of Pavlodar region: problem reports in
every state (unconfirmed, held, open and overdue, acknowledged, in progress, forwarded, done,
confirmed fixed, reopened, rejected, hidden with its reason), anonymous and named, with photos,
supporters and updates; comments with an official answer and a reply; ratings of completed
objects. Everything is invented; the texts are data in `data/participation.json`, in Kazakh
and Russian as citizens write them.

Everything is played through the services people use, on dates counted back from the demo day:
a step runs, then the moments the services took from the clock (events, publication, answers)
are set to the step's moment with a queryset update, and the due dates are counted again from
the demo dates with the same rule. Emails are not sent (the tasks backend is a dummy while the
demo loads). Running it again changes nothing once the demo's reports exist.
"""

from datetime import date, datetime, time, timedelta

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from baqylau.accounts.models import Membership, User
from baqylau.demo import files
from baqylau.demo.data import read
from baqylau.demo.monitoring import Photo, photo_upload
from baqylau.participation import initial_data, moderation, opinions
from baqylau.participation import reports as services
from baqylau.participation.models import (
    Category,
    Comment,
    ModerationAction,
    ModerationReason,
    Rating,
    Report,
    ReportEvent,
    RoutingRule,
)
from baqylau.participation.states import Moderation
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject, Territory

QUIET = {
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
METRES_PER_DEGREE = 111_320.0
MODERATOR = "moderator@baqylau.local"


def demo_reports():
    data = read("participation")
    titles = [_text(r["title"], r["language"]) for r in data["reports"]]
    return Report.private_objects.filter(title__in=titles)


def _text(value: dict, language: str) -> str:
    return value.get(language) or value.get("ru") or value.get("kk") or ""


def _moment(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load_demo_participation(*, today: date | None = None) -> dict:
    """Create the demo's people, routing rules, reports, comments and ratings unless the reports
    exist; return the counts."""
    today = today or timezone.localdate()
    data = read("participation")
    with override_settings(**QUIET), transaction.atomic(), files.campaign_files_cached():
        if demo_reports().exists():
            return {"created": 0, "reports": demo_reports().count()}
        initial_data.install(django_apps.get_model)
        player = _Player(today=today, data=data)
        player.people()
        player.routing()
        for story in data["reports"]:
            player.play(story)
        for comment in data["comments"]:
            player.comment(comment)
        for rating in data["ratings"]:
            player.rate(rating)
    return {"created": player.created, "reports": demo_reports().count()}


class _Player:
    def __init__(self, *, today: date, data: dict) -> None:
        self.today = today
        self.data = data
        self.created = 0
        self.objects = {o.slug: o for o in ProjectObject.private_objects.all()}
        self.documents = {d.slug: d for d in PlanningDocument.private_objects.all()}
        self.bodies = {o.slug: o for o in Organisation.objects.all()}
        self.categories = {c.code: c for c in Category.objects.all()}

    def people(self) -> None:
        password = User.objects.get(email=MODERATOR).password
        for person in self.data["people"]:
            user, _created = User.objects.get_or_create(
                email=person["email"],
                defaults={
                    "full_name": person["full_name"],
                    "language": person["language"],
                    "email_verified": True,
                    "password": password,
                    "date_joined": _moment(self.today - timedelta(days=person["joined_days_ago"])),
                },
            )
            for slug, role in person.get("memberships", []):
                Membership.objects.get_or_create(
                    user=user, organisation=self.bodies[slug], role=role
                )
        self.users = {user.email: user for user in User.objects.all()}

    def routing(self) -> None:
        territories = {t.slug: t for t in Territory.objects.all()}
        for rule in self.data["routing"]:
            RoutingRule.objects.get_or_create(
                territory=territories[rule["territory"]],
                category=self.categories.get(rule["category"]) if rule["category"] else None,
                defaults={"body": self.bodies[rule["body"]]},
            )

    # One report ----------------------------------------------------------------------------

    def _place(self, story: dict) -> services.Place:
        if "object" in story:
            return services.Place(project_object=self.objects[story["object"]])
        if "document" in story:
            return services.Place(document=self.documents[story["document"]])
        point = story["point"]
        near = self.objects[point["object"]]
        latitude = near.latitude + point["north_m"] / METRES_PER_DEGREE
        longitude = near.longitude + point["east_m"] / METRES_PER_DEGREE
        return services.Place(latitude=latitude, longitude=longitude)

    def _photos(self, photos: list, place, day: date, key: str) -> list:
        anchor = place.project_object if place.project_object is not None else None
        if anchor is None and place.latitude is not None:
            anchor = ProjectObject(latitude=place.latitude, longitude=place.longitude)
        uploads = []
        for number, photo in enumerate(photos):
            drawn = Photo(key=f"{key}-{number}", scene=photo["scene"], caption=photo["caption"])
            uploads.append(photo_upload(drawn, anchor, _moment(day, 10), f"report-{key}"))
        return uploads

    def play(self, story: dict) -> None:
        language = story["language"]
        place = self._place(story)
        day = self.today - timedelta(days=story["days_ago"])
        reporter = self.users.get(story.get("reporter") or "")
        report = services.report_submit(
            category=self.categories[story["category"]],
            title=_text(story["title"], language),
            description=_text(story["description"], language),
            place=place,
            uploads=self._photos(story.get("photos", []), place, day, story["key"]),
            reporter=reporter,
            email=story.get("email", ""),
            name_public=story.get("name_public", False),
            name_to_body=story.get("name_to_body", False),
        )
        Report.private_objects.filter(pk=report.pk).update(language=language)
        self._stamp(report, _moment(day, 9), since=0)
        Report.private_objects.filter(pk=report.pk).update(created_at=_moment(day, 9))
        self.created += 1
        hour = 9
        for step in story["steps"]:
            day += timedelta(days=step.get("after", 0))
            hour = hour + 1 if hour < 18 else 9
            report.refresh_from_db()
            last = report.events.order_by("-pk").values_list("pk", flat=True).first() or 0
            self.step(report, step, day=day, language=language, place=place, key=story["key"])
            self._stamp(report, _moment(day, hour), since=last)

    def step(self, report, step: dict, *, day: date, language: str, place, key: str) -> None:
        do = step["do"]
        moderator = self.users[MODERATOR]
        text = _text(step.get("text", {}), language)
        if do == "confirm":
            from baqylau.participation.tokens import confirmation_token

            services.report_confirm(token=confirmation_token(report))
        elif do == "publish":
            moderation.moderation_publish(item=report, moderator=moderator, today=day)
            _stamp_actions(report, _moment(day, 16))
        elif do == "support":
            services.report_support(report=report, user=self.users[step["user"]])
        elif do == "update":
            services.report_update_add(report=report, actor=self.users[step["user"]], text=text)
        elif do == "answer":
            officer = self._officer(report)
            planned = day + timedelta(days=step["planned_in"]) if "planned_in" in step else None
            services.report_answer(
                report=report,
                actor=officer,
                kind=step["kind"],
                text=text,
                planned_on=planned,
                to_body=self.bodies.get(step.get("to_body", "")),
                uploads=self._photos(step.get("photos", []), place, day, f"{key}-{day}"),
                today=day,
            )
        elif do == "fixed":
            services.report_check_fixed(
                report=report, fixed=step["fixed"], user=self.users[step["user"]], today=day
            )
        elif do == "hide":
            self.hide(report, step["reason"], _text(step.get("note", {}), language), day)
        else:  # pragma: no cover - a mistake in the data file
            raise ValueError(f"Unknown demo step {do!r}")

    def _officer(self, report) -> User:
        report.refresh_from_db()
        officer = (
            User.objects.filter(
                memberships__organisation_id=report.body_id, memberships__role="officer"
            )
            .order_by("pk")
            .first()
        )
        if officer is None:
            raise LookupError(f"No demo officer for body {report.body_id}")
        return officer

    def _stamp(self, report, moment: datetime, *, since: int) -> None:
        """Set the moments the services took from the clock in this step to the step's moment
        (the days they were given already)."""
        ReportEvent.objects.filter(report=report, pk__gt=since).update(created_at=moment)
        report.files.filter(created_at__gt=moment).update(created_at=moment)
        recent = timezone.now() - timedelta(minutes=10)
        for field in ("published_at", "answered_at", "closed_at", "confirmed_at"):
            Report.private_objects.filter(pk=report.pk, **{f"{field}__gt": recent}).update(
                **{field: moment}
            )

    # Moderation, comments and ratings -------------------------------------------------------

    def hide(self, item, reason: str, note: str, day: date) -> None:
        moderation.moderation_hide(
            item=item,
            moderator=self.users[MODERATOR],
            reason=ModerationReason.objects.get(code=reason),
            note=note,
        )
        _stamp_actions(item, _moment(day, 17))

    def publish(self, item, day: date) -> None:
        moderation.moderation_publish(item=item, moderator=self.users[MODERATOR])
        _stamp_actions(item, _moment(day, 16))

    def _target(self, name: str):
        kind, slug = name.split(":")
        return self.objects[slug] if kind == "object" else self.documents[slug]

    def comment(self, story: dict, *, parent: Comment | None = None, target=None) -> None:
        target = target or self._target(story["target"])
        author = self.users[story["author"]]
        comment = opinions.comment_add(
            target=target,
            author=author,
            text=_text(story["text"], author.language),
            parent=parent,
            official=bool(story.get("official")),
        )
        day = self.today - timedelta(days=story["days_ago"])
        Comment.objects.filter(pk=comment.pk).update(created_at=_moment(day, 12))
        comment.refresh_from_db()
        if story.get("hide"):
            if comment.moderation == Moderation.HELD:
                self.publish(comment, day)
            self.hide(comment, story["hide"], "", day)
        elif comment.moderation == Moderation.HELD and not story.get("held"):
            self.publish(comment, day)
        for reply in story.get("replies", []):
            self.comment(reply, parent=comment, target=target)

    def rate(self, story: dict) -> None:
        user = self.users[story["user"]]
        rating = opinions.rating_set(
            project_object=self.objects[story["object"]],
            user=user,
            scores=story["scores"],
            reason=_text(story.get("reason", {}), user.language),
        )
        day = self.today - timedelta(days=story["days_ago"])
        Rating.objects.filter(pk=rating.pk).update(created_at=_moment(day, 15))
        if rating.moderation == Moderation.HELD:
            self.publish(rating, day)


def _stamp_actions(item, moment: datetime) -> None:
    """The moderation steps just taken on the item, dated on the demo's day."""
    ModerationAction.objects.filter(
        item_type=ContentType.objects.get_for_model(item),
        item_id=item.pk,
        created_at__gt=timezone.now() - timedelta(minutes=10),
    ).update(created_at=moment)
