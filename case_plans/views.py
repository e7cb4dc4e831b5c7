"""Documents of a family: ask for one (answers at once), watch it being made, download it.
Every page and the file go through the family access rule; downloads are audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from families.access import family_edit_view, family_view

from . import services
from .models import Document, DocumentKind, DocumentState


def _document(family, document_id) -> Document:
    return get_object_or_404(Document.objects.filter(family=family), public_id=document_id)


@family_edit_view
@require_POST
def document_request(request, family):
    kind = request.POST.get("kind", "")
    if kind not in DocumentKind.values or not request.POST.get("source", "").isdigit():
        raise Http404("No such document.")
    try:
        document = services.document_request(
            family=family, by=request.user, kind=kind, source_id=int(request.POST["source"])
        )
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    return redirect("case_plans:document", family.public_id, document.public_id)


@family_view
def document_page(request, family, document_id):
    services.documents_sweep()
    document = _document(family, document_id)
    template = (
        "case_plans/_document_state.html" if request.headers.get("HX-Request") else "case_plans/document.html"
    )
    return render(request, template, {"family": family, "document": document})


@family_view
def document_download(request, family, document_id):
    document = _document(family, document_id)
    if document.state != DocumentState.READY:
        raise Http404("The document is not ready.")
    handle = services.document_open(document=document, by=request.user)
    filename = f"{family.case_number} {document.title}.pdf".replace("/", "-")
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


@family_edit_view
@require_POST
def document_retry(request, family, document_id):
    document = _document(family, document_id)
    try:
        services.document_retry(document=document, by=request.user)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    return redirect("case_plans:document", family.public_id, document.public_id)
