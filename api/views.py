"""The pages where tokens are made and revoked: a person's own (Account › API tokens) and
service accounts (program administrators). A new token is shown once, on the page that
answers the form, and never again: only its digest is kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.models import Role, ServiceAccount

from . import services
from .forms import PersonalTokenForm, RevokeForm, ServiceAccountForm
from .models import ApiToken


def _revoke(request, tokens) -> bool:
    form = RevokeForm(request.POST)
    if "revoke" not in request.POST or not form.is_valid():
        return False
    token = get_object_or_404(tokens, pk=form.cleaned_data["token"])
    services.token_revoke(token=token, by=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return True


def _rotate(request, tokens):
    """The new token of a rotation (shown once on the page that answers), or None when the
    form asked for no rotation or the token cannot be rotated (said in a message)."""
    form = RevokeForm(request.POST)
    if "rotate" not in request.POST or not form.is_valid():
        return None
    token = get_object_or_404(tokens, pk=form.cleaned_data["token"])
    try:
        new = services.token_rotate(token=token, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    messages.success(
        request,
        _("The token “%(name)s” has a new secret: the old one no longer works.") % {"name": token.name},
    )
    return new


def _apply(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def personal_tokens(request):
    """Queries: the person's tokens (1)."""
    tokens = ApiToken.objects.filter(user=request.user)
    if request.user.is_service_account:
        return redirect("home")
    form = PersonalTokenForm()
    new = None
    if request.method == "POST":
        if _revoke(request, tokens):
            return redirect("tokens:personal")
        form = PersonalTokenForm(request.POST)
        if form.is_valid():
            try:
                new = services.personal_token_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _apply(form, error)
            else:
                form = PersonalTokenForm()
    return render(request, "api/personal_tokens.html", {"tokens": tokens, "form": form, "new": new})


@role_required(Role.PROGRAM_ADMINISTRATOR)
def service_accounts(request):
    """Queries: the service accounts (1), their units (1), their tokens (1). A token is made
    with its account, revoked, or rotated (a new secret, shown once, the old one revoked)."""
    tokens = ApiToken.objects.filter(user__role=Role.SERVICE_ACCOUNT)
    form = ServiceAccountForm()
    new = None
    if request.method == "POST":
        if _revoke(request, tokens):
            return redirect("tokens:service_accounts")
        if "rotate" in request.POST:
            new = _rotate(request, tokens)
            if new is None:
                return redirect("tokens:service_accounts")
        else:
            form = ServiceAccountForm(request.POST)
            if form.is_valid():
                try:
                    new = services.service_account_create(by=request.user, **form.cleaned_data)
                except ValidationError as error:
                    _apply(form, error)
                else:
                    form = ServiceAccountForm()
    accounts = ServiceAccount.objects.select_related("user", "created_by").prefetch_related(
        "units", "user__api_tokens"
    )
    return render(request, "api/service_accounts.html", {"accounts": accounts, "form": form, "new": new})
