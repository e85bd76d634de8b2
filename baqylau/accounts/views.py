"""Sign-up, verification, login, password reset and the profile page.

Login, logout and password reset are Django's own views with our templates and forms.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baqylau.core.ratelimit import refuse_floods

from . import services
from .forms import (
    EmailAuthenticationForm,
    NotificationPreferenceForm,
    PasswordResetForm,
    ProfileForm,
    ResendVerificationForm,
    SignupForm,
)
from .models import NotificationPreference

SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# Forms that send an email, per hour: from one client address, and to one email address.
EMAIL_FORMS_PER_CLIENT = 10
EMAIL_FORMS_PER_EMAIL = 3


def _refuse_floods(request, kind: str, form) -> bool:
    """Whether the form is refused as one too many this hour (the error is put on the form)."""
    try:
        refuse_floods(
            request,
            kind,
            per_client=EMAIL_FORMS_PER_CLIENT,
            email=form.cleaned_data.get("email", ""),
            per_email=EMAIL_FORMS_PER_EMAIL,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return True
    return False


def _form_page(request, template: str, form):
    """A form page; 429 when the form was refused as a flood."""
    limited = any(error.code == "rate_limited" for error in form.non_field_errors().as_data())
    return render(request, template, {"form": form}, status=429 if limited else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _refuse_floods(request, "signup", form):
        # The same answer whether the address has an account or not (the email differs).
        services.user_signup(**form.signup_data())
        request.session[SIGNUP_EMAIL_SESSION_KEY] = form.cleaned_data["email"]
        return redirect("accounts:verification_sent")
    return _form_page(request, "accounts/signup.html", form)


@require_GET
def verification_sent(request):
    return render(
        request,
        "accounts/verification_sent.html",
        {
            "email": request.session.pop(SIGNUP_EMAIL_SESSION_KEY, ""),
            "valid_days": services.VERIFY_MAX_AGE.days,
        },
    )


@require_GET
def verify(request, token):
    try:
        user, newly_verified = services.user_email_verify(token=token)
    except services.VerificationFailed as failure:
        return render(
            request, "accounts/verify_failed.html", {"expired": failure.expired}, status=400
        )
    if newly_verified:
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Your email address is confirmed. Welcome to Baqylau!"))
        return redirect("accounts:profile")
    # A used link does not log anyone in again: it would otherwise be a password for 3 days.
    if request.user == user:
        return redirect("accounts:profile")
    messages.info(request, _("Your email address is already confirmed. Please log in."))
    return redirect("accounts:login")


@require_http_methods(["GET", "HEAD", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None, initial={"email": request.GET.get("email")})
    if (
        request.method == "POST"
        and form.is_valid()
        and not _refuse_floods(request, "verification", form)
    ):
        services.verification_resend(email=form.cleaned_data["email"])
        return redirect("accounts:verification_sent")
    return _form_page(request, "accounts/resend_verification.html", form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"full_name": user.full_name, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(user=user, **form.cleaned_data)
        # Carry on in the language just chosen.
        with translation.override(user.language):
            messages.success(request, _("Your profile is saved."))
            return redirect(reverse("accounts:profile"))
    memberships = user.memberships.select_related("organisation").order_by("created_at", "pk")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships},
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in of a locked-out account or address."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset_body.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if _refuse_floods(self.request, "password-reset", form):
            return _form_page(self.request, self.template_name, form)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The reset link reached the owner of the address, which is what verification proves.
        services.user_email_mark_verified(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    current = NotificationPreference.of(request.user)
    form = NotificationPreferenceForm(
        request.POST or None,
        initial={
            "request_updates": current.request_updates,
            "reminders": current.reminders,
            "recommendations_received": current.recommendations_received,
            "campaign_updates": current.campaign_updates,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/notifications.html", {"form": form})
