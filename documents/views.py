from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import role_required
from accounts.models import Role
from families.access import can_change_record, family_edit_view, family_view
from families.form_flow import save_form

from . import services
from .forms import CaseFileUploadForm, CaseFileWithdrawForm
from .models import CaseFile
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
