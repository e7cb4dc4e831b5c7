"""The files of a family: the list, upload, download, withdrawal; program administrators'
withdrawn files. Then the documents made from its records: ask for one (answers at once),
watch it being made, download it. Every page and every file go through the family access
rule; downloads are audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required
from accounts.middleware import not_user_activity
from accounts.models import Role
from families.access import can_change_record, family_edit_view, family_view, get_family_for_user
from families.form_flow import save_form

from . import kinds, services
from .forms import CaseFileUploadForm, CaseFileWithdrawForm
from .models import CaseFile, Document, DocumentState
from .selectors import family_files, withdrawn_files
from .uploads import upload_problems


def _case_file(family, file_id, *, withdrawn: bool = False) -> CaseFile:
    files = CaseFile.objects.filter(family=family)
    if not withdrawn:
        files = files.filter(withdrawn_at__isnull=True)
    try:
        case_file = files.get(public_id=file_id)
    except CaseFile.DoesNotExist:
        raise Http404("No such file.") from None
    case_file.family = family
    return case_file


@family_view
def case_files(request, family):
    """The family's files, newest first (program administrators also see withdrawn ones)."""
    return render(
        request,
        "documents/files.html",
        {
            "family": family,
            "files": family_files(
                family=family, user=request.user, withdrawn=request.user.is_program_administrator
            ),
            "can_change": can_change_record(request.user, family),
        },
    )


@family_edit_view
def case_file_upload(request, family):
    form = CaseFileUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        family=family,
        upload_problems=upload_problems(request) if request.method == "POST" else None,
        preselect=request.GET.get("belongs_to", ""),
    )
    if request.method == "POST":
        case_file = save_form(
            form,
            lambda: services.case_file_upload(
                family=family,
                by=request.user,
                upload=form.cleaned_data["upload"],
                kind=form.cleaned_data["kind"],
                document_date=form.cleaned_data["document_date"],
                title=form.cleaned_data["title"],
                belongs_to=form.cleaned_data["belongs_to"],
                restricted=form.cleaned_data["restricted"],
            ),
        )
        if case_file is not None:
            messages.success(
                request,
                _("The file “%(title)s” is kept with the family's record.") % {"title": case_file.title},
            )
            return redirect("documents:files", family.public_id)
    return render(request, "documents/upload.html", {"family": family, "form": form})


@family_view
@require_GET
def case_file_download(request, family, file_id):
    """The file, as an attachment of its stored type, streamed from storage. A restricted
    file answers 403 to someone who may see the family but not open it: its row is on the
    family's list for them, so a 404 would deny what the page shows; the 403 says only that."""
    case_file = _case_file(family, file_id, withdrawn=request.user.is_program_administrator)
    stream = services.case_file_open(case_file=case_file, by=request.user)
    response = FileResponse(
        stream, as_attachment=True, filename=case_file.original_name, content_type=case_file.content_type
    )
    # Read from a bucket 256 KB at a time rather than FileResponse's 4 KB: a 100 MB download
    # went from about 1.1 s to 0.4 s (bench/uploads.py); memory stays flat either way. (A file on disk
    # is handed to gunicorn's sendfile, which ignores this.)
    response.block_size = 256 * 1024
    response["Content-Length"] = str(case_file.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@family_edit_view
def case_file_withdraw(request, family, file_id):
    case_file = _case_file(family, file_id)
    form = CaseFileWithdrawForm(request.POST if request.method == "POST" else None, version_of=case_file)
    if request.method == "POST" and save_form(
        form,
        lambda: services.case_file_withdraw(
            case_file=case_file,
            by=request.user,
            reason=form.cleaned_data["withdrawn_reason"],
            expected_version=form.loaded_version(),
        ),
    ):
        messages.success(
            request, _("The file is withdrawn. It is kept, and program administrators can still see it.")
        )
        return redirect("documents:files", family.public_id)
    return render(
        request,
        "families/form_page.html",
        {
            "form": form,
            "family": family,
            "title": _("Withdraw a file"),
            "intro_text": f"{case_file.title} ({case_file.original_name})",
            "submit_label": _("Withdraw it"),
        },
    )


@role_required(Role.PROGRAM_ADMINISTRATOR)
def withdrawn(request):
    """Every withdrawn file of the agency, the latest withdrawal first, 50 to a page."""
    page = Paginator(withdrawn_files(), 50).get_page(request.GET.get("page"))
    return render(request, "documents/withdrawn.html", {"page": page})


# --- Documents made from the family's records (PDFs) ----------------------------------


def _document(family, document_id) -> Document:
    return get_object_or_404(Document.objects.filter(family=family), public_id=document_id)


@family_edit_view
@require_POST
def document_request(request, family):
    kind = request.POST.get("kind", "")
    if not kinds.is_kind(kind) or not request.POST.get("source", "").isdigit():
        raise Http404("No such document.")
    try:
        document = services.document_request(
            family=family,
            by=request.user,
            kind=kind,
            source_id=int(request.POST["source"]),
            language=request.POST.get("language") or None,  # none chosen: the family's
        )
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    return redirect("documents:document", family.public_id, document.public_id)


# While a document is being made its page asks for its state: every 2 s at first, when a
# render usually ends, then less and less often, at most every 30 s; never once it is ready
# or failed. (The n-th question waits POLL_DELAYS[n] seconds, the last one after that.)
POLL_DELAYS = (2, 2, 2, 3, 5, 8, 13, 20, 30)


def _document_state(family, document, poll: int) -> dict:
    return {
        "family": family,
        "document": document,
        "poll_next": poll + 1,
        "poll_delay": POLL_DELAYS[min(poll, len(POLL_DELAYS) - 1)],
    }


@family_view
def document_page(request, family, document_id):
    services.documents_sweep()
    document = _document(family, document_id)
    return render(request, "documents/document.html", _document_state(family, document, poll=0))


@login_not_required  # answered below, so that a page signed out while it waits reloads itself
@not_user_activity
def document_status(request, public_id, document_id):
    """The document's state, which its page asks for by itself while the PDF is being made.
    That is not the person's activity: it does not renew the idle session
    (accounts.middleware), and it is not recorded as a view (opening the page was)."""
    if not request.user.is_authenticated:
        if request.headers.get("HX-Request"):
            # htmx reloads the page, which then asks the person to sign in again.
            return HttpResponse(headers={"HX-Refresh": "true"})
        return redirect_to_login(request.get_full_path())
    family = get_family_for_user(request.user, public_id)
    services.documents_sweep()
    document = _document(family, document_id)
    poll = request.GET.get("poll", "")
    poll = min(int(poll), 1000) if poll.isdigit() else 0
    return render(request, "documents/_document_state.html", _document_state(family, document, poll))


@family_view
def document_download(request, family, document_id):
    document = _document(family, document_id)
    if document.state != DocumentState.READY:
        raise Http404("The document is not ready.")
    handle = services.document_open(document=document, by=request.user)
    filename = f"{family.case_number} {document.title}.pdf".replace("/", "-")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response.block_size = 256 * 1024  # as case_file_download
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@family_edit_view
@require_POST
def document_retry(request, family, document_id):
    document = _document(family, document_id)
    try:
        services.document_retry(document=document, by=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    return redirect("documents:document", family.public_id, document.public_id)
