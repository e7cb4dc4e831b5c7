"""Room for more languages (issue 17): a language is its catalogue and nothing else. A small
Vietnamese catalogue, made and compiled in the test, is offered in the user menu and for
documents, and a page and a PDF read in it; a small Arabic one makes pages and PDFs run right
to left (dir="rtl", Bootstrap's mirrored stylesheet), with the Arabic printed in the PDF."""

import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.conf.locale import LANG_INFO
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from case_plans import services
from documents import services as document_services
from documents.models import Document, DocumentState
from families.forms import FamilyForm
from families.models import document_languages
from sop_casework.languages import languages_with_catalogues

pytestmark = pytest.mark.django_db

CASELOAD = reverse("families:my_caseload")
ROOT = Path(django_settings.BASE_DIR)

VIETNAMESE = {"Sign out": "Đăng xuất", "Find a family": "Tìm một gia đình", "Signatures": "Chữ ký"}
# One right-to-left string for the page and one for the PDF.
ARABIC = {"Sign out": "تسجيل الخروج", "Signatures": "التوقيعات"}
# Each language named in its own words, as Django spells them ("Tiếng Việt", decomposed).
VIETNAMESE_NAME = LANG_INFO["vi"]["name_local"]


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogues():
    subprocess.run([ROOT / "bin" / "compilemessages"], check=True)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def write_catalogue(locale: Path, code: str, entries: dict[str, str]) -> None:
    """locale/<code>/LC_MESSAGES/django.po with `entries`, compiled by msgfmt as
    bin/compilemessages does."""
    folder = locale / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    body = "".join(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n' for msgid, msgstr in entries.items())
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr ""\n'
        f'"Language: {code}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n' + body
    )
    subprocess.run(["msgfmt", "--check-format", "-o", folder / "django.mo", folder / "django.po"], check=True)


@pytest.fixture
def new_catalogues(tmp_path):
    """Vietnamese and Arabic catalogues in a locale folder of their own, the languages offered
    read from the catalogues as settings does. override_settings sends setting_changed, on
    which Django empties its caches of catalogues and languages (LOCALE_PATHS, LANGUAGES)."""
    locale = tmp_path / "locale"
    write_catalogue(locale, "vi", VIETNAMESE)
    write_catalogue(locale, "ar", ARABIC)
    paths = [locale, *django_settings.LOCALE_PATHS]
    with override_settings(LOCALE_PATHS=paths, LANGUAGES=languages_with_catalogues(paths)):
        yield


@pytest.fixture
def plan(family, alice):
    return services.case_plan_start(family=family, by=alice)


@pytest.fixture
def to_weasyprint(monkeypatch):
    """The HTML each PDF is made from, as WeasyPrint is given it."""
    given = []
    real = document_services.html_to_pdf

    def keep(html, *args, **kwargs):
        given.append(html)
        return real(html, *args, **kwargs)

    monkeypatch.setattr(document_services, "html_to_pdf", keep)
    return given


def pdf_text(document: Document, by) -> str:
    document.refresh_from_db()
    assert document.state == DocumentState.READY, document.failure_reason
    with document_services.document_open(document=document, by=by) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


# --- a new language is a catalogue ---------------------------------------------------------


def test_without_its_catalogue_a_language_is_not_offered(client_of, alice):
    codes = [code for code, _name in django_settings.LANGUAGES]
    assert codes[0] == "en" and "es" in codes and "vi" not in codes
    assert 'value="vi"' not in client_of(alice).get(CASELOAD).text


def test_a_new_catalogue_is_offered_in_the_menu_and_for_documents_named_in_its_own_language(
    new_catalogues, client_of, alice, family
):
    menu = client_of(alice).get(CASELOAD).text
    assert 'value="vi" lang="vi"' in menu and VIETNAMESE_NAME in menu
    assert 'value="ar" lang="ar"' in menu and "العربيّة" in menu

    assert ("vi", VIETNAMESE_NAME) in document_languages() and document_languages()[0] == ("en", "English")
    form_choices = dict(FamilyForm().fields["document_language"].choices)
    assert form_choices["vi"] == VIETNAMESE_NAME


def test_a_page_reads_in_the_new_language(new_catalogues, client_of, alice):
    client = client_of(alice)
    client.post(reverse("accounts:language"), {"language": "vi", "next": CASELOAD})

    page = client.get(CASELOAD).text

    assert '<html lang="vi">' in page
    assert "Đăng xuất" in page and "Tìm một gia đình" in page
    assert '">My caseload</a>' in page  # not in the catalogue: English


def test_a_document_is_asked_for_and_made_in_the_new_language(
    new_catalogues, client_of, alice, family, plan, to_weasyprint, django_capture_on_commit_callbacks
):
    client = client_of(alice)
    plan_page = client.get(reverse("case_plans:plan", args=[family.public_id, plan.pk])).text
    assert f'<option value="vi" lang="vi">{VIETNAMESE_NAME}</option>' in plan_page

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            reverse("documents:document_request", args=[family.public_id]),
            {"kind": "case_plan", "source": plan.pk, "language": "vi"},
        )

    assert asked.status_code == 302
    document = Document.objects.get(family=family)
    assert document.language == "vi"
    assert '<html lang="vi">' in to_weasyprint[0]
    assert "Chữ ký" in pdf_text(document, alice)


# --- right to left --------------------------------------------------------------------------


def test_a_right_to_left_language_turns_the_page_and_its_stylesheet(new_catalogues, client_of, alice):
    alice.language = "ar"
    alice.save(update_fields=["language"])

    page = client_of(alice).get(CASELOAD).text

    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page and "bootstrap.min.css" not in page
    assert "تسجيل الخروج" in page


def test_a_left_to_right_page_keeps_the_left_to_right_stylesheet(client_of, alice):
    page = client_of(alice).get(CASELOAD).text

    assert '<html lang="en">' in page
    assert "bootstrap.min.css" in page and "rtl" not in page


def test_a_pdf_in_a_right_to_left_language_runs_right_to_left_with_its_words_printed(
    new_catalogues, alice, family, plan, to_weasyprint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_services.document_request(
            family=family, by=alice, kind="case_plan", source_id=plan.pk, language="ar"
        )

    assert '<html lang="ar" dir="rtl">' in to_weasyprint[0]
    text = pdf_text(document, alice)
    # The Arabic glyphs are in the PDF (a font that has them: DejaVu Sans), shaped and read
    # back as the letters they are, in reading order.
    assert ARABIC["Signatures"] in text, text
