"""HTML to PDF with WeasyPrint, fetching nothing from the network: only inline data: URIs
and, by an explicit `static:` URL, the project's own static files."""

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "static:"
MIME = {"css": "text/css", "svg": "image/svg+xml", "png": "image/png", "woff2": "font/woff2"}


class LocalOnlyFetcher(URLFetcher):
    """Refuses every URL that would leave the machine."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_SCHEME):
            path = finders.find(url.removeprefix(STATIC_SCHEME).lstrip("/"))
            if path:
                with open(path, "rb") as handle:
                    body = handle.read()
                mime = MIME.get(path.rsplit(".", 1)[-1], "application/octet-stream")
                return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
        raise ValueError(f"Documents fetch nothing from outside: {url}")


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=LocalOnlyFetcher(allowed_protocols={"data", "static"})).write_pdf()
