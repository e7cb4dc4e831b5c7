"""The "Record signatures" page a signed plan's app shows (case_plans, safety_networks): the
signed copy uploaded with documents' own upload form and service, and for each signer who has
not answered yet, "signed" or "would not sign" with a reason; plus the read of the signers
the plan pages show. The apps above pass their concrete Signature model and the plan."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.form_flow import save_form
from families.models import Caregiver, Child
from families.versioning import VersionedFormMixin

from . import services
from .forms import CaseFileUploadForm
from .models import CaseFile
from .signatures import Answer, Signature, signature_withdraw, signatures_record, signers
from .uploads import upload_problems

SIGNED, REFUSED = "signed", "refused"


class SignaturesForm(CaseFileUploadForm):
    """The upload form without the choices the page makes itself (what it is, what it
    belongs to), with a row per signer still to answer and the signed copies already kept."""

    def __init__(self, *args, family, waiting: list, copies, **kwargs):
        super().__init__(*args, family=family, **kwargs)
        for name in ("kind", "belongs_to", "restricted"):
            del self.fields[name]
        self.waiting = waiting
        self.copies = {str(f.public_id): f for f in copies}
        self.fields["document_date"].label = _("Date signed")
        self.fields["document_date"].help_text = _("The day they signed, or said they would not.")
        self.fields["title"].help_text = ""
        self.fields["file"].label = _("The signed copy")
        self.fields["file"].help_text = (
            _("A scan or PDF of the signed pages. ") + self.fields["file"].help_text
        )
        rows = {}
        for signer in waiting:
            rows[f"answer_{signer.field}"] = forms.ChoiceField(
                label=f"{signer.label} ({signer.role_label})",
                choices=[("", _("Not yet")), (SIGNED, _("Signed")), (REFUSED, _("Would not sign"))],
                widget=forms.RadioSelect(attrs={"class": "signature-answer"}),
                required=False,
            )
            rows[f"reason_{signer.field}"] = forms.CharField(
                label=_("Why %(name)s would not sign") % {"name": signer.label},
                required=False,
                max_length=1000,
            )
        existing = {}
        if self.copies:
            existing["existing_copy"] = forms.ChoiceField(
                label=_("Or a signed copy already kept"),
                required=False,
                choices=[("", "---------")]
                + [(key, f"{f.title} ({f.document_date:%Y-%m-%d})") for key, f in self.copies.items()],
            )
        # The answers first, then the date, title and file (the file fields last: documents.uploads)
        middle = {k: v for k, v in self.fields.items() if k not in ("file", "photo")}
        self.fields = {
            **rows,
            **middle,
            **existing,
            "file": self.fields["file"],
            "photo": self.fields["photo"],
        }

    def clean(self):
        cleaned = forms.Form.clean(self)
        answers = []
        for signer in self.waiting:
            answer = cleaned.get(f"answer_{signer.field}")
            reason = (cleaned.get(f"reason_{signer.field}") or "").strip()
            if answer == SIGNED:
                answers.append(Answer(signer))
            elif answer == REFUSED:
                if not reason:
                    self.add_error(f"reason_{signer.field}", _("Say why they would not sign."))
                answers.append(Answer(signer, refused=True, reason=reason))
        if not answers:
            raise forms.ValidationError(_("Tick who signed, or who would not sign."))
        cleaned["answers"] = answers
        mb = self.fields["file"].widget.attrs["data-max-bytes"] // (1024 * 1024)
        from .forms import INTERRUPTED, TOO_LARGE

        for name in ("file", "photo"):
            problem = self.upload_problems.get(name)
            if problem == "too_large":
                self.add_error(name, TOO_LARGE % {"mb": mb})
            elif problem == "interrupted":
                self.add_error(name, INTERRUPTED)
        chosen = [cleaned[name] for name in ("file", "photo") if cleaned.get(name)]
        existing = self.copies.get(cleaned.get("existing_copy") or "")
        cleaned["upload"], cleaned["copy"] = (chosen[0] if chosen else None), existing
        if len(chosen) + (existing is not None) > 1:
            self.add_error("file", _("Give one signed copy: a file, a photo or one already kept."))
        elif any(not a.refused for a in answers) and not chosen and existing is None:
            self.add_error("file", _("Upload the signed copy, or choose one already kept."))
        return cleaned


class SignatureWithdrawForm(VersionedFormMixin, forms.Form):
    withdrawn_reason = forms.CharField(
        label=_("Why it is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. “Ticked for the wrong person”. The record is kept, not deleted."),
    )


def plan_signers(*, family, record, model: type[Signature], supervisor, user=None) -> list:
    """The signers of `record` with their standing answers (each signed copy with `may_open`
    for `user`). Queries: 3 (the plan's
    signatures with their copies and staff, the caregivers, the children)."""
    signatures = (
        model.objects.filter(record=record, withdrawn_at__isnull=True)
        .select_related("signed_copy", "staff")
        .order_by("recorded_at", "id")
    )
    for signature in signatures:
        if signature.signed_copy is not None:
            signature.signed_copy.family = family
            signature.signed_copy.may_open = user is not None and services.may_open(
                user, signature.signed_copy
            )
    return signers(
        family=family,
        caregivers=Caregiver.objects.filter(family=family),
        children=Child.objects.filter(family=family),
        caseworker=family.assigned_caseworker,
        supervisor=supervisor,
        signatures=list(signatures),
    )


@transaction.atomic
def signed_copy_and_signatures_record(*, model, record, record_kind, family, by, data) -> list:
    """Keeps the uploaded signed copy (documents' upload service) and records the answers,
    in one transaction: refused answers roll the file's row back too."""
    copy = data["copy"]
    if data["upload"] is not None:
        copy = services.case_file_upload(
            family=family,
            by=by,
            upload=data["upload"],
            kind=model.SIGNED_COPY_KIND,
            document_date=data["document_date"],
            title=data["title"],
            belongs_to=(record_kind, record.pk),
        )
    return signatures_record(
        model=model,
        record=record,
        family=family,
        by=by,
        dated=data["document_date"],
        answers=data["answers"],
        signed_copy=copy,
    )


def signatures_page(request, *, family, record, model, record_kind, supervisor, title, default_title, back):
    """GET: the form; POST: keep the copy, record the answers, back to the plan."""
    everyone = plan_signers(family=family, record=record, model=model, supervisor=supervisor)
    waiting = [s for s in everyone if s.signature is None]
    copies = CaseFile.objects.filter(
        family=family,
        kind=model.SIGNED_COPY_KIND,
        belongs_to_kind=record_kind,
        belongs_to_id=record.pk,
        withdrawn_at__isnull=True,
    )
    posted = request.method == "POST"
    form = SignaturesForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        family=family,
        waiting=waiting,
        copies=list(copies),
        upload_problems=upload_problems(request) if posted else None,
    )
    if not posted:
        form.fields["title"].initial = default_title
    if posted and save_form(
        form,
        lambda: signed_copy_and_signatures_record(
            model=model,
            record=record,
            record_kind=record_kind,
            family=family,
            by=request.user,
            data=form.cleaned_data,
        ),
    ):
        messages.success(request, gettext("The signatures are recorded."))
        return redirect(back)
    return render(
        request,
        "documents/signatures_form.html",
        {
            "family": family,
            "form": form,
            "title": title,
            "back": back,
            "signers": everyone,
            "waiting": waiting,
        },
    )


def signature_withdraw_page(request, *, family, signature, title, back):
    form = SignatureWithdrawForm(request.POST if request.method == "POST" else None, version_of=signature)
    if request.method == "POST" and save_form(
        form,
        lambda: signature_withdraw(
            signature=signature,
            family=family,
            by=request.user,
            reason=form.cleaned_data["withdrawn_reason"],
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(request, gettext("The signature record is withdrawn. It is kept on the record."))
        return redirect(back)
    return render(
        request,
        "families/form_page.html",
        {"form": form, "family": family, "title": title, "submit_label": _("Withdraw it")},
    )
