from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Cursor pagination: a page follows on from the last row seen, so a record added while a
    client pages through never shifts what it reads, and page 200 costs what page 1 does.

    Every list reads newest recorded first (`-id`), the one order a cursor can hold to: unique
    and unchanging (a contact's time or an action's due date can be corrected, and many share a
    day). DRF's cursor reads this `ordering`, never a viewset's own, so no viewset sets one."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"
