# One image for the web process (gunicorn) and the worker (celery).
FROM python:3.11-slim-bookworm

# WeasyPrint's system libraries. libharfbuzz-subset0 makes font subsetting, and so PDF
# rendering, about four times faster.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
      gettext \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The compiled translations (locale/*/LC_MESSAGES/django.mo) are built here, not committed.
RUN bin/compilemessages
# Static files are collected into the image; this key exists only for that build step.
RUN SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --noinput \
 && useradd --system --home /app casework && mkdir -p /app/private_media && chown casework /app/private_media
USER casework
EXPOSE 8000
CMD ["gunicorn", "sop_casework.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
