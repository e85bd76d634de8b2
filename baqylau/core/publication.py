"""What every publishable record shares: a queryset that knows what "published" means for its
model, and the `public_objects` manager that returns only that.

A model that the public may see once it is published declares `private_objects` (everything, for
its authors and the services) and `public_objects = PublishedManager.from_queryset(ItsQuerySet)()`.
"""

from django.db import models


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """The records the public may see; each model says what that means."""
        raise NotImplementedError(f"{self.model.__name__} does not say when it is published")


class PublishedManager(models.Manager):
    """Only the published records of a model."""

    def get_queryset(self):
        return super().get_queryset().published()
