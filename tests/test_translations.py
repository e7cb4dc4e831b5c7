"""The site in the reader's language (issue 17): every marked string has its Spanish
translation (bin/check-translations, as CI runs it), a signed-in person reads the site in the
language they chose in their menu, on every later sign-in, a string a catalogue lacks reads in
English rather than empty, and a new language is its catalogue and nothing else."""

import shutil
import subprocess
import tarfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.template.defaultfilters import date as date_filter
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from accounts.signals import SIGNED_IN_AT
from families.caseload import day
from sop_casework.languages import languages_with_catalogues
from tests.factories import TEST_PASSWORD, ContactFactory, FamilyFactory

ROOT = Path(django_settings.BASE_DIR)
CASELOAD = reverse("families:my_caseload")
ES = "locale/es/LC_MESSAGES/django.po"


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogues():
    """The .mo files are built, not committed: build them as bin/test does, so that a plain
    `pytest` sees the translations too."""
    subprocess.run([ROOT / "bin" / "compilemessages"], check=True)


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([root / "bin" / "check-translations"], capture_output=True, text=True, timeout=120)


def _copy_of_the_project(tmp_path: Path) -> Path:
    """The project's files (not .git, .venv) in tmp_path/project, with the shared .venv."""
    copy = tmp_path / "project"
    copy.mkdir()
    archive = tmp_path / "project.tar"
    skip = {".git", ".venv", "staticfiles", "private_media", "bench/output"}

    def keep(info):
        name = info.name.removeprefix("./")
        return None if name in skip or Path(name).name == "__pycache__" else info

    with tarfile.open(archive, "w") as tar:
        tar.add(ROOT, arcname=".", filter=keep)
    with tarfile.open(archive) as tar:
        tar.extractall(copy, filter="tar")
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


# --- Spanish is complete -------------------------------------------------------------------


def test_every_string_marked_in_the_code_has_a_spanish_translation():
    result = _check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "es: " in result.stdout and "translated messages." in result.stdout
    assert "untranslated" not in result.stdout and "fuzzy" not in result.stdout


def test_the_check_names_a_new_string_spanish_lacks_and_a_fuzzy_translation(tmp_path):
    copy = _copy_of_the_project(tmp_path)
    (copy / "templates" / "new_page.html").write_text(
        '{% load i18n %}<p>{% translate "A sentence nobody has translated yet" %}</p>\n'
    )
    po = copy / ES
    po.write_text(po.read_text().replace('msgid "Find a family"', '#, fuzzy\nmsgid "Find a family"', 1))

    result = _check(copy)

    assert result.returncode == 1
    assert 'new: "A sentence nobody has translated yet"' in result.stdout
    assert "1 fuzzy translation" in result.stdout


# --- A Spanish-speaking person reads Spanish -----------------------------------------------


@pytest.mark.django_db
def test_a_spanish_speaking_caseworker_reads_the_navigation_in_spanish(client_of, alice):
    alice.language = "es"
    alice.save(update_fields=["language"])

    page = client_of(alice).get(CASELOAD).text

    assert '<html lang="es">' in page
    for spanish in ("Mis casos", "Buscar una familia", "Reuniones", "Cambiar la contraseña", "Cerrar sesión"):
        assert spanish in page
    assert "Trabajador(a) social" in page  # her role, in the user menu
    assert "Confidencial: expedientes de bienestar infantil." in page
    assert "Find a family" not in page and "Sign out" not in page


@pytest.mark.django_db
def test_the_sign_in_page_speaks_the_browser_s_language_and_english_by_default(client, alice):
    spanish = client.get(reverse("login"), headers={"accept-language": "es-MX,es;q=0.9"})
    assert '<html lang="es">' in spanish.text and "Iniciar sesión" in spanish.text
    assert "la sesión se cierra después de 30 minutos sin actividad" in spanish.text
    wrong = client.post(
        reverse("login"),
        {"username": "alice", "password": "wrong"},
        headers={"accept-language": "es"},
    )
    assert "Ese nombre de usuario y esa contraseña no coinciden." in wrong.text

    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        paused = client.post(
            reverse("login"), {"username": "alice", "password": "wrong"}, headers={"accept-language": "es"}
        )
    assert "el inicio de sesión queda en pausa durante 30 minutos." in paused.text

    english = Client().get(reverse("login"))
    assert '<html lang="en">' in english.text and "Sign in" in english.text


@pytest.mark.django_db
def test_error_pages_password_change_and_two_step_sign_in_speak_spanish(client_of, alice):
    alice.language = "es"
    alice.save(update_fields=["language"])
    client = client_of(alice)

    change = client.get(reverse("accounts:password_change"))
    assert "Cambie su contraseña" in change.text and "Contraseña antigua" in change.text  # Django's own words
    mismatch = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert "Su contraseña antigua es incorrecta" in mismatch.text

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "No encontramos esa página" in missing.text
    setup = client.get(reverse("accounts:two_factor_setup"))
    assert "Configurar el inicio de sesión en dos pasos" in setup.text
    assert "Código de su aplicación de autenticación" in setup.text
    wrong_code = client.post(reverse("accounts:two_factor_setup"), {"token": "12"})
    assert "Escriba los seis números que muestra la aplicación, sin espacios." in wrong_code.text


@pytest.mark.django_db
def test_the_end_of_a_session_is_explained_in_the_person_s_language(client_of, alice):
    alice.language = "es"
    alice.save(update_fields=["language"])
    client = client_of(alice)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - django_settings.SESSION_ABSOLUTE_HOURS * 3600 - 60
    session.save()

    page = client.get(CASELOAD, follow=True).text

    assert "Por seguridad, la sesión se cierra 12 horas después de iniciarla." in page


@pytest.mark.django_db
def test_caseload_dates_use_the_month_names_of_the_reader_s_language(client_of, alice):
    family = FamilyFactory(assigned_caseworker=alice)
    ContactFactory(family=family, occurred_at=datetime(2026, 1, 14, 18, 0, tzinfo=ZoneInfo("UTC")))
    assert "14 Jan 2026" in client_of(alice).get(CASELOAD).text

    alice.language = "es"
    alice.save(update_fields=["language"])
    assert "14 Ene 2026" in client_of(alice).get(CASELOAD).text

    with translation.override("es"):
        for month in range(1, 13):
            assert day(date(2026, month, 4)) == date_filter(date(2026, month, 4), "j M")


# --- The language switch -------------------------------------------------------------------


def _sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_language_switch_changes_the_language_and_is_remembered_at_the_next_sign_in(client, alice):
    _sign_in(client, alice)
    menu = client.get(CASELOAD).text
    assert f'action="{reverse("accounts:language")}"' in menu
    assert 'name="language" value="es" lang="es"' in menu and "Español" in menu

    switched = client.post(reverse("accounts:language"), {"language": "es", "next": CASELOAD})

    assert switched.status_code == 302 and switched["Location"] == CASELOAD
    assert "Mis casos" in client.get(CASELOAD).text
    alice.refresh_from_db()
    assert alice.language == "es"

    client.post(reverse("logout"))
    # Another computer: no cookie, a browser that asks for English.
    elsewhere = Client(headers={"accept-language": "en-US,en;q=0.9"})
    _sign_in(elsewhere, alice)
    assert "Mis casos" in elsewhere.get(CASELOAD).text

    elsewhere.post(reverse("accounts:language"), {"language": "en", "next": CASELOAD})
    assert "My caseload" in elsewhere.get(CASELOAD).text


@pytest.mark.django_db
def test_the_switch_sends_back_only_to_this_site_and_takes_only_offered_languages(client_of, alice):
    client = client_of(alice)

    away = client.post(reverse("accounts:language"), {"language": "es", "next": "https://evil.example/"})
    assert away["Location"] == reverse("home")

    unknown = client.post(reverse("accounts:language"), {"language": "xx", "next": CASELOAD})
    assert unknown["Location"] == CASELOAD
    alice.refresh_from_db()
    assert alice.language == "es"

    assert client.get(reverse("accounts:language")).status_code == 405


# --- Missing strings and new languages -----------------------------------------------------

VIETNAMESE = """msgid ""
msgstr ""
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Sign out"
msgstr "Đăng xuất"

msgid "Find a family"
msgstr "Tìm một gia đình"

msgid "My caseload"
msgstr ""
"""


@pytest.fixture
def vietnamese(tmp_path):
    """A small Vietnamese catalogue, in a locale folder of its own, compiled as
    bin/compilemessages does; the languages offered are read from the catalogues, as
    settings does."""
    folder = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(VIETNAMESE)
    subprocess.run(["msgfmt", "--check", "-o", folder / "django.mo", folder / "django.po"], check=True)
    paths = [tmp_path / "locale", *django_settings.LOCALE_PATHS]
    with override_settings(LOCALE_PATHS=paths, LANGUAGES=languages_with_catalogues(paths)):
        yield
    shutil.rmtree(tmp_path / "locale")


@pytest.mark.django_db
def test_a_new_language_is_a_catalogue_and_nothing_else(vietnamese, client_of, alice):
    client = client_of(alice)
    assert 'value="vi" lang="vi"' in client.get(CASELOAD).text  # offered in the menu

    client.post(reverse("accounts:language"), {"language": "vi", "next": CASELOAD})
    page = client.get(CASELOAD).text

    assert '<html lang="vi">' in page
    assert "Đăng xuất" in page and "Tìm một gia đình" in page


@pytest.mark.django_db
def test_a_string_a_catalogue_lacks_reads_in_english_never_empty(vietnamese, client_of, alice):
    alice.language = "vi"
    alice.save(update_fields=["language"])

    page = client_of(alice).get(CASELOAD).text

    # "My caseload" has an empty translation, "Meetings" none: both read in English.
    assert '">My caseload</a>' in page and '">Meetings</a>' in page


@pytest.mark.django_db
def test_an_empty_translation_is_not_compiled_so_gettext_gives_the_english(vietnamese):
    with translation.override("vi"):
        assert translation.gettext("Sign out") == "Đăng xuất"
        assert translation.gettext("My caseload") == "My caseload"  # msgstr "" in the catalogue
        assert translation.gettext("Meetings") == "Meetings"  # not in the catalogue


def test_the_check_counts_every_catalogue_and_fails_only_for_those_that_must_be_complete(tmp_path):
    copy = _copy_of_the_project(tmp_path)
    folder = copy / "locale" / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(VIETNAMESE)  # two translated, one empty
    spanish = _check(ROOT).stdout
    total = int(spanish.split("es: ")[1].split(" of ")[1].split(" strings")[0].replace(",", ""))

    result = _check(copy)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"es: {total:,} of {total:,} strings translated.\n" in result.stdout
    assert f"vi: 2 of {total:,} strings translated, {total - 2:,} fall back to English." in result.stdout

    # A Spanish translation emptied: counted, and the check fails, for es must be complete.
    po = copy / ES
    po.write_text(po.read_text().replace('msgstr "Buscar una familia"', 'msgstr ""', 1))
    emptied = _check(copy)
    assert emptied.returncode == 1
    assert f"es: {total - 1:,} of {total:,} strings translated, 1 fall back to English." in emptied.stdout
    assert 'new: "Find a family"' in emptied.stdout
