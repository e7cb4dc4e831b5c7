"""Uploading and downloading the files of a case: time, and the web process's peak memory.

    .venv/bin/python bench/uploads.py [--s3] [--big-mb 100]

Starts gunicorn (one sync worker, as one of the image's) on a benchmark database of its own
(`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/sop_bench_uploads, dropped and
re-created: its name must contain "bench"), signs in as a caseworker, uploads a 10 MB PDF and a
`--big-mb` one through the upload page, and downloads each. With `--s3`, files are kept in a
bucket of moto's S3-compatible server (run in this process, not the web's), as with
STORAGE_URL; otherwise in a temporary folder.

The worker's memory is read from /proc: its resident size at rest (after a first request has
loaded everything), and its peak (VmHWM, reset before each step through /proc/PID/clear_refs)
during each upload and download. The target: a 100 MB download peaks under 50 MB above rest.
Appends its figures to bench/RESULTS.md. Not part of the test run.
"""

import argparse
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-uploads-password-2026"  # noqa: S105 (a throwaway database's user)
MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(
            f"The benchmark drops and re-creates its database; {name!r} does not look like a benchmark's."
        )
    server = psycopg2.connect(parts._replace(path="/postgres").geturl())
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()


def prepare(env: dict) -> str:
    """Migrate, and make a unit, a caseworker and a family; returns the family's public id."""
    code = f"""
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", "--noinput", verbosity=0)
from accounts.models import Role, Unit, User
from families.models import Family
from families.services import family_open
unit = Unit.objects.create(name="Bench unit")
worker = User.objects.create_user("bench-worker", password={PASSWORD!r}, role=Role.CASEWORKER, unit=unit)
print(Family.objects.create(display_name="Bench", case_number="2026-B00001", assigned_caseworker=worker,
      referral_date=__import__("datetime").date.today(), status="open").public_id)
"""
    done = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stderr)
    return done.stdout.strip().splitlines()[-1]


def serve(env: dict, *, timeout: int = 300) -> tuple[subprocess.Popen, str]:
    """gunicorn with one sync worker on a free port, once it answers: (the process, its URL)."""
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "sop_casework.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", str(timeout), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(200):
        try:
            requests.get(f"{host}/login/", timeout=30)
            break
        except requests.RequestException:
            time.sleep(0.2)
    return server, host


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def memory(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {
        key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) / 1024
        for key in ("VmRSS", "VmHWM")
    }


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def measure(pid: int, step):
    reset_peak(pid)
    rest = memory(pid)["VmRSS"]
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    return result, seconds, memory(pid)["VmHWM"] - rest, rest


def pdf_of(size: int, path: Path) -> Path:
    with open(path, "wb") as out:
        out.write(b"%PDF-1.4\n")
        chunk = b"%" + b"0" * (MB - 2) + b"\n"
        for _ in range(size // MB):
            out.write(chunk)
        out.write(b"%%EOF\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--s3", action="store_true", help="keep the files in moto's S3-compatible server")
    parser.add_argument("--big-mb", type=int, default=100)
    args = parser.parse_args()

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sop_bench_uploads"
    )
    recreate_database(database_url)
    work = Path(tempfile.mkdtemp(prefix="sop-bench-uploads-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "STORAGE_URL"))},
        "DJANGO_SETTINGS_MODULE": "bench.settings", "READ_DOT_ENV": "false", "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-any-deployment-0123456789", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        "DATABASE_URL": database_url, "REDIS_URL": "", "MEDIA_ROOT": str(work / "media"),
        "CASE_FILE_MAX_MB": str(args.big_mb + 10), "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    storage = "a folder"
    moto = None
    if args.s3:
        import boto3
        from moto.server import ThreadedMotoServer

        port = free_port()
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        moto.start()
        endpoint = f"http://127.0.0.1:{port}"
        keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench-secret"}
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys).create_bucket(
            Bucket="bench"
        )
        env |= {
            "STORAGE_URL": f"s3://bench?endpoint_url={endpoint}&region=us-east-1&addressing_style=path",
            "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret",
        }  # fmt: skip
        storage = "an S3 bucket (moto's server, in the benchmark's process)"
    family = prepare(env)

    server, host = serve(env)
    rows = []
    try:
        pid = worker_pid(server.pid)
        session = requests.Session()
        session.get(f"{host}/login/")
        session.post(
            f"{host}/login/",
            data={"username": "bench-worker", "password": PASSWORD,
                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Referer": f"{host}/login/"},
        )  # fmt: skip
        files_page = f"{host}/families/{family}/files/"
        assert session.get(files_page).status_code == 200, "not signed in"
        upload_page = f"{files_page}new/"
        session.get(upload_page)  # everything the upload and download need is loaded

        for size_mb in (10, args.big_mb):
            path = pdf_of(size_mb * MB, work / f"scan-{size_mb}.pdf")

            def upload(path=path, size_mb=size_mb):
                with open(path, "rb") as handle:
                    answer = session.post(
                        upload_page,
                        data={"kind": "court", "document_date": time.strftime("%Y-%m-%d"),
                              "title": f"Scan of {size_mb} MB",
                              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                        files={"file": (path.name, handle, "application/pdf")},
                        headers={"Referer": upload_page}, allow_redirects=False,
                    )  # fmt: skip
                assert answer.status_code == 302, answer.text[:2000]

            _, up_seconds, up_peak, rest = measure(pid, upload)
            link = re.search(
                rf'href="(/families/{family}/files/[0-9a-f-]+/download/)"><strong>Scan of {size_mb} MB',
                session.get(files_page).text,
            ).group(1)

            def download(link=link):
                received = 0
                with session.get(f"{host}{link}", stream=True) as answer:
                    for chunk in answer.iter_content(MB):
                        received += len(chunk)
                return received

            received, down_seconds, down_peak, _ = measure(pid, download)
            assert received == path.stat().st_size, (received, path.stat().st_size)
            rows.append((size_mb, up_seconds, up_peak, down_seconds, down_peak, rest))
            print(
                f"{size_mb} MB: upload {up_seconds:.2f} s, peak +{up_peak:.1f} MB; "
                f"download {down_seconds:.2f} s, peak +{down_peak:.1f} MB (at rest {rest:.0f} MB)"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if moto is not None:
            moto.stop()

    big = rows[-1]
    verdict = "met" if big[4] < 50 else f"missed by {big[4] - 50:.1f} MB"
    lines = [
        "",
        f"## Uploads and downloads ({time.strftime('%Y-%m-%d')}, {storage})",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        "gunicorn, one sync worker; `bench/uploads.py" + (" --s3" if args.s3 else "") + "`.",
        "",
        "| file | upload | worker's peak above rest | download | worker's peak above rest |",
        "|---|---|---|---|---|",
        *(f"| {s} MB | {u:.2f} s | {up:.1f} MB | {d:.2f} s | {dp:.1f} MB |" for s, u, up, d, dp, _ in rows),
        "",
        f"Worker at rest: {rows[0][5]:.0f} MB. Target, a {args.big_mb} MB download under 50 MB above rest: "
        f"**{verdict}** ({big[4]:.1f} MB).",
        "",
    ]
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
        results.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
