"""What every publishable record shares: a queryset that knows what "published" means for its
model, and the `public_objects` manager that returns only that.

A model that the public may see once it is published declares `private_objects` (everything, for
its authors and the services) and `public_objects = PublishedManager.from_queryset(ItsQuerySet)()`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """The records the public may see; each model says what that means."""
        raise NotImplementedError(f"{self.model.__name__} does not say when it is published")


class PublishedManager(models.Manager):
    """Only the published records of a model."""

    def get_queryset(self):
        return super().get_queryset().published()


class Withdrawable(models.Model):
    """A public record that is never deleted once published, only withdrawn with a public reason:
    it leaves every list, and its address answers with the notice of its withdrawal."""

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason of the withdrawal"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def withdrawable(model) -> bool:
    return isinstance(model, type) and issubclass(model, Withdrawable)


def is_published(obj) -> bool:
    """Whether the public may see the record (its model's `public_objects` say what that means)."""
    manager = getattr(type(obj), "public_objects", None)
    if manager is None or obj.pk is None:
        return False
    return manager.filter(pk=obj.pk).exists()
