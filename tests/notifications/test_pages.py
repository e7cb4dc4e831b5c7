"""The bell, the notifications page, opening one and marking all read."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families.services import family_reassign
from notifications.models import Kind, Notification
from notifications.selectors import with_unread_count
from notifications.services import notify
from tests.factories import CaseworkerFactory, FamilyFactory

LIST = reverse("notifications:list")
MARK_ALL = reverse("notifications:mark_all_read")


def add(user, family, n=1, *, kind=Kind.PLAN_RETURNED, actor=None, link=None):
    for _ in range(n):
        notify(
            recipients=[user],
            kind=kind,
            family=family,
            actor=actor,
            link=link or reverse("families:overview", args=[family.public_id]),
        )


def open_url(notification) -> str:
    return reverse("notifications:open", args=[notification.public_id])


def test_the_bell_shows_the_unread_count_on_every_page_with_a_label(client_of, alice, bob, family):
    # given three unread notifications for alice and one read, and one for bob
    add(alice, family, 3, actor=bob)
    add(alice, family, 1, actor=bob)
    Notification.objects.filter(pk=Notification.objects.filter(recipient=alice).latest("id").pk).update(
        read_at=timezone.now()
    )
    add(bob, family, 1, actor=alice)
    client = client_of(alice)
    for url in (reverse("families:my_caseload"), reverse("families:overview", args=[family.public_id]), LIST):
        page = client.get(url).text
        assert 'data-unread="3"' in page
        assert "3 unread notifications" in page  # what a screen reader says
        assert f'href="{LIST}"' in page


def test_the_bell_says_none_unread_and_is_not_shown_to_someone_signed_out(client, client_of, alice):
    assert "Notifications, none unread" in client_of(alice).get(reverse("families:my_caseload")).text
    client.logout()
    assert "app-bell" not in client.get(reverse("login")).text


def test_the_bell_adds_no_query_to_a_page(client_of, alice, bob, family, settings):
    """The count is read with the user (notifications.backends); the same page issues the
    same queries with no notification and with 40, and only the user's query reads the
    notifications table. Read by a separate query (Django's plain ModelBackend), it would
    be exactly one more."""
    client = client_of(alice)
    url = reverse("families:my_caseload")
    with CaptureQueriesContext(connection) as without:
        assert client.get(url).status_code == 200
    add(alice, family, 40, actor=bob)
    with CaptureQueriesContext(connection) as with_40:
        assert 'data-unread="40"' in client.get(url).text
    assert len(without) == len(with_40)
    reading = [q["sql"] for q in with_40.captured_queries if "notifications_notification" in q["sql"]]
    assert len(reading) == 1 and '"accounts_user"' in reading[0]

    # the same page with the user read alone: the bell's count costs one query of its own
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    client.force_login(alice)
    with CaptureQueriesContext(connection) as plain:
        assert 'data-unread="40"' in client.get(url).text
    assert len(plain) == len(with_40) + 1


def test_the_page_lists_my_notifications_newest_first_with_links(client_of, alice, bob, family):
    other = FamilyFactory(assigned_caseworker=alice, display_name="Brightwater")
    add(alice, family, actor=bob)
    add(alice, other, kind=Kind.FAMILY_ASSIGNED, actor=bob)
    add(bob, family, kind=Kind.PLAN_SUBMITTED, actor=alice)
    page = client_of(alice).get(LIST).text
    newest = f"{bob} assigned {other} to you."
    older = f"{bob} returned the case plan of {family} for changes."
    assert newest in page and older in page
    assert page.index(newest) < page.index(older)
    assert "for your approval" not in page  # bob's, not alice's
    for notification in Notification.objects.filter(recipient=alice):
        assert open_url(notification) in page


def test_the_page_issues_the_same_queries_for_5_and_60_notifications(client_of, alice, bob, family):
    client = client_of(alice)
    families = [FamilyFactory(assigned_caseworker=alice) for _ in range(5)]
    for f in families:
        add(alice, f, actor=bob)
    with CaptureQueriesContext(connection) as with_5:
        assert client.get(LIST).status_code == 200
    for f in families * 11:
        add(alice, f, actor=bob)
    with CaptureQueriesContext(connection) as with_60:
        page = client.get(LIST).text
    # session, user (with the bell's count), unit (header), the count for the pages, the
    # page's notifications with family, actor and whether each family is still visible,
    # session renewal (UPDATE in a savepoint: 3)
    assert len(with_5) == len(with_60) <= 8
    assert page.count('class="list-group-item') == 25
    assert "Page 1 of 3" in page
    assert "Page 3 of 3" in client.get(LIST, {"page": 3}).text


def test_opening_one_marks_it_read_and_goes_to_the_record(client_of, alice, bob, family):
    add(alice, family, 2, actor=bob)
    first, second = Notification.objects.filter(recipient=alice).order_by("id")
    client = client_of(alice)
    response = client.get(open_url(first))
    assert response.status_code == 302
    assert response["Location"] == reverse("families:overview", args=[family.public_id])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    read_at = first.read_at
    # the bell is not stale after reading, and opening again keeps the first reading
    assert 'data-unread="1"' in client.get(LIST).text
    client.get(open_url(first))
    first.refresh_from_db()
    assert first.read_at == read_at


def test_another_persons_notification_answers_404(client_of, alice, bob, charlie, family):
    add(bob, family, actor=alice)
    theirs = Notification.objects.get(recipient=bob)
    assert client_of(charlie).get(open_url(theirs)).status_code == 404
    assert client_of(alice).get(open_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert str(theirs) not in client_of(alice).get(LIST).text


def test_mark_all_read_marks_only_mine(client_of, alice, bob, family):
    add(alice, family, 3, actor=bob)
    add(bob, family, 2, actor=alice)
    client = client_of(alice)
    assert client.get(MARK_ALL).status_code == 405  # a change is a POST
    response = client.post(MARK_ALL, follow=True)
    assert "3 notifications marked read." in response.text
    assert 'data-unread="0"' in response.text
    assert not Notification.objects.filter(recipient=alice, read_at=None).exists()
    assert Notification.objects.filter(recipient=bob, read_at=None).count() == 2


def test_counts_are_per_user(alice, bob, charlie, family):
    add(alice, family, 2, actor=bob)
    add(bob, family, 1, actor=alice)
    add(charlie, family, 1, actor=alice)
    assert Notification.objects.filter(recipient=alice, read_at=None).count() == 2

    counts = dict(with_unread_count(User.objects.all()).values_list("username", "unread_notifications"))
    assert counts[alice.username] == 2 and counts[bob.username] == 1 and counts[charlie.username] == 1


def test_a_family_i_no_longer_see_is_not_named_and_its_link_answers_404(
    client_of, alice, bob, unit_a, family
):
    # given alice was told about the family, then it was reassigned away from her
    add(alice, family, kind=Kind.PLAN_RETURNED, actor=bob)
    family_reassign(family=family, caseworker=CaseworkerFactory(unit=unit_a), by=bob, reason="Leave.")
    client = client_of(alice)
    # then the page says what happened without naming the family
    page = client.get(LIST).text
    assert "returned the case plan of a family you no longer have access to" in page
    assert family.display_name not in page and family.case_number not in page
    # and opening it leads to a 404, as any page of that family would
    notification = Notification.objects.get(recipient=alice)
    assert client.get(open_url(notification), follow=True).status_code == 404


def test_the_pages_need_sign_in(client, alice, family):
    add(alice, family)
    notification = Notification.objects.get()
    for url in (LIST, open_url(notification)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.post(MARK_ALL).status_code == 302


def test_the_page_speaks_the_readers_language(client_of, alice, bob, family):
    # the words are put together when shown: the same notification reads in Spanish
    add(alice, family, actor=bob)
    alice.language = "es"
    alice.save()
    page = client_of(alice).get(LIST).text
    assert "Notificaciones" in page
    assert f"{bob} devolvió el plan de caso de {family} para hacer cambios." in page
    assert "1 notificación sin leer" in page


def test_a_link_off_the_site_is_never_followed(client_of, alice, family):
    add(alice, family, link="https://elsewhere.example/phish")
    response = client_of(alice).get(open_url(Notification.objects.get()))
    assert response.status_code == 302 and response["Location"] == LIST


def test_past_99_the_bell_says_more_than_99(client_of, alice, bob, family):
    add(alice, family, 100, actor=bob)
    page = client_of(alice).get(reverse("families:my_caseload")).text
    assert ">99+</span>" in page and "More than 99 unread notifications" in page
