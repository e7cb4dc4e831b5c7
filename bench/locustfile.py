"""The load runs of bench/agency.py and bench/load.py (which start gunicorn and this, and read
the results).

Each simulated person signs in through the sign-in form (CSRF token, the demo password), then
browses as they would: caseworkers their caseload and their families' pages, one in ten a
supervisor their unit, and, when BENCH_ADMIN_TOTP_KEY is given, one program administrator
(every unit's review, a unit, search, a family), who also passes the two-step sign-in with a
code computed from that key (bench/load.py gives the demo `admin` an authenticator device).
A sign-in answered "many people are signing in" (503, accounts/signin_gate.py) is tried again
after its Retry-After and a random part of it, as a person would; those answers are counted
(`signin_busy`), not errors, and the sign-in time runs from the first try. The measured window
opens once every person has signed in (the stats of the sign-in burst are reset) and closes
BENCH_LOAD_SECONDS later. Any answer other than 200,
a redirect to the sign-in page included, is an error.

Settings come from the environment (bench/agency.py sets them): BENCH_LOAD_USERS,
BENCH_LOAD_SECONDS, BENCH_LOAD_WAIT ("MIN,MAX" seconds), BENCH_CASEWORKERS, BENCH_SUPERVISORS,
BENCH_PASSWORD, BENCH_SEARCH_URL, BENCH_LOAD_SUMMARY (a JSON file: the window, the sign-ins),
BENCH_ADMIN_TOTP_KEY (hex; optional).
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from gevent.event import Event
from locust import HttpUser, between, constant, events, task

USERS = int(os.environ["BENCH_LOAD_USERS"])
WINDOW_SECONDS = float(os.environ["BENCH_LOAD_SECONDS"])
WAIT_MIN, WAIT_MAX = (float(s) for s in os.environ.get("BENCH_LOAD_WAIT", "1,3").split(","))
PASSWORD = os.environ["BENCH_PASSWORD"]
SEARCH_URL = os.environ["BENCH_SEARCH_URL"]
CASEWORKERS = int(os.environ["BENCH_CASEWORKERS"])
SUPERVISORS = int(os.environ["BENCH_SUPERVISORS"])
ADMIN_TOTP_KEY = os.environ.get("BENCH_ADMIN_TOTP_KEY", "")
ADMIN_USERS = 1 if ADMIN_TOTP_KEY and USERS >= 10 else 0
SUPERVISOR_USERS = max(1, round(USERS / 10)) if USERS > 1 else 0
SIGNIN_ATTEMPTS = 20

FAMILY_LINK = re.compile(r'href="(/families/[0-9a-f-]{36}/)"')
UNIT_LINK = re.compile(r'href="(/unit/[0-9]+/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

state = {
    "signed_in": 0,
    "signin_ms": [],
    "signin_failures": 0,
    "signin_busy": 0,
    "window_start": None,
    "window_end": None,
}
everyone_signed_in = Event()
caseworker_numbers = itertools.count()
supervisor_numbers = itertools.count()


def open_window(environment) -> None:
    """All have signed in: count from now, and stop WINDOW_SECONDS later."""
    environment.runner.stats.reset_all()
    state["window_start"] = time.time()

    def close():
        state["window_end"] = time.time()
        environment.runner.quit()

    gevent.spawn_later(WINDOW_SECONDS, close)
    everyone_signed_in.set()


@events.quitting.add_listener
def write_summary(environment, **_kwargs):
    if state["window_start"] is not None and state["window_end"] is None:
        state["window_end"] = time.time()
    with open(os.environ["BENCH_LOAD_SUMMARY"], "w") as out:
        json.dump(state, out)


class Person(HttpUser):
    abstract = True
    wait_time = between(WAIT_MIN, WAIT_MAX) if WAIT_MAX > 0 else constant(0)

    def username(self) -> str:
        raise NotImplementedError

    def on_start(self):
        self.families: list[str] = []
        self.landing = None
        started = time.perf_counter()
        response = self.sign_in()
        if response is not None and response.status_code == 200 and "/login/" not in response.url:
            response = self.second_step(response)
        if response is not None and response.status_code == 200 and "/login/" not in response.url:
            state["signin_ms"].append((time.perf_counter() - started) * 1000)
            self.landing = response.url.removeprefix(self.host)
            self.families = sorted(set(FAMILY_LINK.findall(response.text)))
        else:
            state["signin_failures"] += 1
        state["signed_in"] += 1
        if state["signed_in"] == USERS:
            open_window(self.environment)
        everyone_signed_in.wait()

    def sign_in(self):
        """The form, then the post; again after Retry-After (and a random part of it, so the
        turned-away do not all come back at once) while the answer is 503."""
        for _attempt in range(SIGNIN_ATTEMPTS):
            form = self.client.get("/login/", name="sign in (form)")
            token = CSRF.search(form.text)
            with self.client.post(
                "/login/",
                data={
                    "username": self.username(),
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                    "next": "",
                },
                name="sign in",
                catch_response=True,
            ) as response:
                if response.status_code != 503:
                    return response
                response.success()  # asked to come back shortly: counted apart, not an error
                state["signin_busy"] += 1
                retry_after = float(response.headers.get("Retry-After", "3"))
            gevent.sleep(retry_after * random.uniform(1, 2))
        return None

    def second_step(self, response):
        return response

    def page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")
            return response.text or ""

    def family(self) -> str | None:
        return random.choice(self.families) if self.families else None


class Caseworker(Person):
    weight = 1

    def username(self) -> str:
        return f"caseworker{next(caseworker_numbers) % CASEWORKERS + 1}"

    @task(4)
    def my_caseload(self):
        self.page(self.landing or "/caseload/", "My caseload")

    @task(4)
    def overview(self):
        if family := self.family():
            self.page(family, "Family overview")

    @task(2)
    def safety_map(self):
        if family := self.family():
            self.page(f"{family}safety/map/", "Map")

    @task(2)
    def visits(self):
        if family := self.family():
            self.page(f"{family}visits/", "Visits")

    @task(2)
    def protective_factors(self):
        if family := self.family():
            self.page(f"{family}protective-factors/", "Protective factors")

    @task(1)
    def search(self):
        self.page(SEARCH_URL, "Search")


class Supervisor(Person):
    fixed_count = SUPERVISOR_USERS

    def username(self) -> str:
        return f"supervisor{next(supervisor_numbers) % SUPERVISORS + 1}"

    def on_start(self):
        super().on_start()
        if self.landing:  # Unit review may not link families; the search does
            self.families = sorted(set(FAMILY_LINK.findall(self.page(SEARCH_URL, "Search"))))

    @task(4)
    def unit_review(self):
        self.page(self.landing or "/unit/", "Unit review")

    @task(2)
    def search(self):
        self.page(SEARCH_URL, "Search")

    @task(2)
    def overview(self):
        if family := self.family():
            self.page(family, "Family overview")


class Administrator(Person):
    """The program administrator: every unit's review, one unit, search, a family. Signs in
    with the two-step sign-in, as an administrator must."""

    # Without a key (bench/agency.py) no administrator: fixed_count = 0 would mean "by weight"
    abstract = ADMIN_USERS == 0
    fixed_count = ADMIN_USERS

    def username(self) -> str:
        return "admin"

    def second_step(self, response):
        if "/two-factor/" not in response.url:
            return response
        from django_otp.oath import totp

        token = CSRF.search(response.text)
        return self.client.post(
            response.url.removeprefix(self.host),
            data={
                "token": f"{totp(bytes.fromhex(ADMIN_TOTP_KEY)):06d}",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in (two-step)",
        )

    def on_start(self):
        self.units: list[str] = []
        super().on_start()
        if self.landing:
            self.units = sorted(set(UNIT_LINK.findall(self.page("/unit/", "Unit review (every unit)"))))
            self.families = sorted(set(FAMILY_LINK.findall(self.page(SEARCH_URL, "Search"))))

    @task(3)
    def every_unit(self):
        self.page("/unit/", "Unit review (every unit)")

    @task(2)
    def one_unit(self):
        if self.units:
            self.page(random.choice(self.units), "Unit review")

    @task(2)
    def search(self):
        self.page(SEARCH_URL, "Search")

    @task(2)
    def overview(self):
        if family := self.family():
            self.page(family, "Family overview")
