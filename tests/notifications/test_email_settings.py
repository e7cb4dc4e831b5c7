"""EMAIL_URL, DEFAULT_FROM_EMAIL and SITE_URL come from the environment; the beat sends the
digests at 7:00 agency time."""

import json

from celery.schedules import crontab

from tests.test_settings import run_manage

SHOW = (
    "from django.conf import settings as s; import json; print(json.dumps([s.EMAIL_BACKEND, "
    "s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, "
    "s.DEFAULT_FROM_EMAIL, s.SITE_URL]))"
)


def test_an_smtp_url_with_tls_configures_the_mail_server():
    result = run_manage(
        "shell",
        "-c",
        SHOW,
        env_overrides={
            "DEBUG": "true",
            "EMAIL_URL": "smtp+tls://mailer:s3cret@mail.county.example:587",
            "DEFAULT_FROM_EMAIL": "Casework <casework@county.example>",
            "SITE_URL": "https://casework.county.example",
        },
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.core.mail.backends.smtp.EmailBackend", "mail.county.example", 587, "mailer", "s3cret", True,
        "Casework <casework@county.example>", "https://casework.county.example",
    ]  # fmt: skip


def test_with_no_email_url_emails_are_printed_on_the_console():
    result = run_manage("shell", "-c", SHOW, env_overrides={"DEBUG": "true", "EMAIL_URL": ""})
    assert result.returncode == 0, result.stderr
    assert (
        json.loads(result.stdout.strip().splitlines()[-1])[0]
        == "django.core.mail.backends.console.EmailBackend"
    )


def test_the_beat_sends_the_digests_at_seven_in_the_agency_time_zone(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["email-digests"]
    assert entry["task"] == "notifications.send_digests"
    assert entry["schedule"] == crontab(hour=7, minute=0)
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE
