from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import cleaned

from . import services
from .models import User


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the emails we send you."),
        widget=forms.Select(attrs={"autocomplete": "language"}),
    )


def _full_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    full_name = _full_name_field()
    language = _language_field()
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = translation.get_language()
        codes = {code for code, _name in settings.LANGUAGES}
        self.fields["language"].initial = current if current in codes else settings.LANGUAGE_CODE

    def clean_email(self):
        # Whether the address has an account is not said here: see services.user_signup.
        return services.email_normalize(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def signup_data(self) -> dict:
        return {
            **cleaned(self, "email", "full_name", "language"),
            "password": self.cleaned_data["password1"],
        }


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    """Log in with an email address; accounts whose address is not verified are refused."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The email address or the password is not correct."),
        "unverified": _(
            "Please confirm your email address first: follow the link in the email we sent "
            "you when you signed up."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unverified_email = ""

    def clean_username(self):
        return services.email_normalize(self.cleaned_data["username"])

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_verified:
            self.unverified_email = user.email
            raise ValidationError(self.error_messages["unverified"], code="unverified")


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class ProfileForm(forms.Form):
    full_name = _full_name_field()
    language = _language_field()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, mailing in the account's own language. An account made by following
    by email has no password yet: its verified address may set one here."""

    def get_users(self, email):
        users = User.objects.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.has_usable_password() or user.email_verified)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        context = {**context, "site_url": settings.SITE_URL}
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class NotificationPreferenceForm(forms.Form):
    request_updates = forms.BooleanField(
        label=_("News of my requests"),
        required=False,
        help_text=_("An answer, a new deadline or a missed one on a request I wrote."),
    )
    reminders = forms.BooleanField(
        label=_("Reminders of answers due"),
        required=False,
        help_text=_(
            "For officers: a reminder before a request or a recommendation to my body is due, "
            "and a word when its answer is overdue."
        ),
    )
    recommendations_received = forms.BooleanField(
        label=_("Recommendations to my body"),
        required=False,
        help_text=_("For officers: a monitoring campaign sent recommendations to my body."),
    )
    campaign_updates = forms.BooleanField(
        label=_("News of my campaigns"),
        required=False,
        help_text=_(
            "For campaign coordinators: an answer or a decision date from a state body, a "
            "deadline near or missed."
        ),
    )
