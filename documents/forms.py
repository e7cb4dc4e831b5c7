from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.plausible import PlausibleDateField
from families.versioning import VersionedFormMixin

from . import belongs_to
from .models import FileKind
from .uploads import max_bytes

# What the file chooser offers (a hint to the browser; the server judges the content itself).
ACCEPT = ",".join(
    ["application/pdf", "image/jpeg", "image/png", "image/heic", "image/heif", "text/plain"]
    + [".pdf", ".jpg", ".jpeg", ".png", ".heic", ".heif", ".txt"]
)

TOO_LARGE = _(
    "The file is larger than %(mb)s MB, so it was not kept. Scan it at a lower resolution, or split it."
)
EMPTY = _("The file is empty (0 bytes): nothing arrived. Choose it again.")
INTERRUPTED = _(
    "The file did not arrive whole (the upload stopped halfway), so nothing was kept. "
    "Choose it and send it again."
)


class CaseFileUploadForm(forms.Form):
    """A file of the family, with what it is. The file fields come last, so that the fields
    above are read before the file's bytes (documents.uploads)."""

    kind = forms.ChoiceField(label=_("What it is"), choices=[("", "---------"), *FileKind.choices])
    document_date = PlausibleDateField(
        label=_("Date"), help_text=_("The date on the document, or when the photo was taken.")
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("e.g. “Dependency court order, 12 May hearing”.")
    )
    belongs_to = forms.ChoiceField(label=_("It belongs to"), required=False)
    restricted = forms.BooleanField(
        label=_("Restricted"),
        required=False,
        help_text=_(
            "Only the assigned caseworker, their supervisor and program administrators may open it "
            "(e.g. a child's medical report). Others see that it exists."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A PDF, a photo (JPEG, PNG, HEIC) or plain text, up to %(mb)s MB."),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": EMPTY},
    )
    photo = forms.FileField(
        label=_("Or take a photo"),
        required=False,
        help_text=_("On a phone or tablet: opens the camera."),
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        error_messages={"empty": EMPTY},
    )

    def __init__(self, *args, family, upload_problems=None, preselect: str = "", **kwargs):
        """`preselect`: the record a page's "Upload a file" link comes from ("case_plan:12",
        from the URL, so never trusted): chosen in "It belongs to" only when it is one of this
        family's records listed there; anything else is ignored."""
        super().__init__(*args, **kwargs)
        self.upload_problems = upload_problems or {}
        self.fields["belongs_to"].choices = belongs_to.form_choices(family)
        if not self.is_bound and preselect and self.fields["belongs_to"].valid_value(preselect):
            self.fields["belongs_to"].initial = preselect
        mb = max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = self.fields["file"].help_text % {"mb": mb}
        for name in ("file", "photo"):
            self.fields[name].widget.attrs["data-max-bytes"] = max_bytes()
            self.fields[name].widget.attrs["data-too-large"] = TOO_LARGE % {"mb": mb}
        if not self.is_bound:
            self.fields["document_date"].initial = timezone.localdate()

    def clean_belongs_to(self):
        value = self.cleaned_data["belongs_to"]
        try:
            return belongs_to.parse(value)
        except ValueError:
            raise forms.ValidationError(_("Choose one of the records listed.")) from None

    def clean(self):
        cleaned = super().clean()
        mb = max_bytes() // (1024 * 1024)
        for name in ("file", "photo"):
            problem = self.upload_problems.get(name)
            if problem == "too_large":
                self.add_error(name, TOO_LARGE % {"mb": mb})
            elif problem == "interrupted":
                self.add_error(name, INTERRUPTED)
        if self.errors.get("file") or self.errors.get("photo"):
            return cleaned
        chosen = [cleaned[name] for name in ("file", "photo") if cleaned.get(name)]
        if not chosen:
            self.add_error("file", _("Choose a file, or take a photo."))
        elif len(chosen) > 1:
            self.add_error("photo", _("Send one file at a time: either a file or a photo."))
        else:
            cleaned["upload"] = chosen[0]
        return cleaned


class CaseFileWithdrawForm(VersionedFormMixin, forms.Form):
    """Withdraws a file (`version_of` it): it leaves the lists and is kept."""

    withdrawn_reason = forms.CharField(
        label=_("Why it is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. “Uploaded to the wrong family”. The file is kept, not deleted."),
    )
