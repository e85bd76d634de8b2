"""Sign-in attempts counted by django-axes, for the project's email login."""

from axes.backends import AxesStandaloneBackend


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Refuses sign-ins of a locked-out account or address. A sign-in without a request (the
    shell, a script) has no address to count and is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def attempted_email(request, credentials: dict | None) -> str | None:
    """The account an attempt names, whatever the case it was typed in."""
    credentials = credentials or {}
    email = credentials.get("username") or credentials.get("email")
    if not email and request is not None:
        email = request.POST.get("username")
    return email.strip().lower() if email else None
