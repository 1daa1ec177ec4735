"""Fuzz: generated requests to every page of a full application, and not one 5xx.

Two applications ask every page between them (tests/hostile_files.py: hosted, and
with no fixed address), each with one person in every list. Every question page,
every list page, every step of each person, the page of a new person, the communes
page, and the public forms (counter search, dossier upload, resume code, renewal)
get requests made by a seeded generator: random text, every script, control
characters, huge strings, numbers, wrong types, repeated keys, extra keys, invalid
UTF-8, other content types, a missing or wrong CSRF token, and valid answers often
enough for saves to happen. What a save kept is read back now and then (review,
next steps, PDF); then the application is reset, so every page
stays asked. Each page must answer at least once with a page (not a redirect).

FUZZ_REQUESTS (10,000) and FUZZ_SEED change the run; a failure names the seed and
the request number to replay it.
"""

import io
import json
import multiprocessing
import os
import random
import re
import string
import time

from werkzeug.datastructures import MultiDict

from forms import PAGES, active_pages, dossier, editions
from forms.renewal import RENEWAL_PAGE
from hostile_files import ROUTE_DOMICILED, ROUTE_HOSTED, route_dossier, valid_value
from logement import open_store

REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "10000"))
SEED = int(os.environ.get("FUZZ_SEED", "14069"))

# Characters a person, a keyboard or a hostile client may send.
SCRIPTS = (
    string.ascii_letters + string.digits + " -'",
    "éèêëàâäîïôöùûüçÉÀÇœŒæÆßøÅ",
    "ÀÁÂÃÄÅĀĂĄǍȀȂȦǺẠẢẤẦẨẪẬẮẰẲẴẶ",  # Latin with diacritics the font may lack
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي٠١٢٣٤٥٦٧٨٩",
    "אבגדהוזחטיכלמנסעפצקרשת",
    "中文字符日本語한국어",
    "😀🏠👨‍👩‍👧‍👦🇫🇷",
    "\u0301\u0308\u0327\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\ufffd",
    "".join(map(chr, range(0, 32))) + "\x7f\x85\u2028\u2029",
    "１２３４５６７８９０",
    "<>&\"'`{}%$\\/;=?#[]",
)
TRICKS = (
    "", " ", "\x00", "{{7*7}}", "%(name)s", "%s%n%x", "<script>alert(1)</script>",
    "</bdi><meta http-equiv=refresh content=0>", "'; drop table applications; --",
    "../../etc/passwd", "NaN", "-Infinity", "1e309", "-1", "0", "00", "9" * 40,
    str(2 ** 64), "0x1F", "true", "null", "[]", "{}", "²", "½", "٣٤", "1 200,50 €",
    "2024-02-30", "31", "13", "0000", "29", "2", "1985", "oui", "non", "on",
)


class Fuzzer:
    def __init__(self, rng):
        self.rng = rng

    def text(self):
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            return rng.choice(TRICKS)
        if roll < 0.93:
            alphabet = rng.choice(SCRIPTS)
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        if roll < 0.99:
            return rng.choice(string.ascii_letters) * rng.choice((101, 301, 2001, 20_000))
        return "A" * rng.choice((100_000, 300_000))  # past the request limit: 413

    def answer(self, question=None):
        """For a question: a valid answer a third of the time, else anything."""
        rng = self.rng
        if question is not None and rng.random() < 0.35:
            if question.choices:
                return rng.choice(question.choices)[0]
            if question.kind == "checkbox":
                return "oui"
            valid = valid_value(question, rng.randint(0, 99))
            if valid is not None:
                return valid
        return self.text()

    def form(self, questions, extra=()):
        """The fields of these questions (dates in three boxes), as a browser posts them."""
        rng = self.rng
        data = MultiDict()
        for question in questions:
            if rng.random() < 0.1:
                continue  # a field missing from the request
            names = [f"{question.name}-{part}" for part in ("day", "month", "year")] \
                if question.kind == "date" else [question.name]
            for name in names:
                for _ in range(1 if rng.random() < 0.85 else rng.randint(2, 3)):
                    value = self.answer(question)
                    if question.kind == "date":
                        value = self.date_part(name) if rng.random() < 0.5 else value
                    data.add(name, value)
        for name, values in extra:
            if rng.random() < 0.9:
                data.add(name, rng.choice(values) if values and rng.random() < 0.6
                         else self.text())
        if rng.random() < 0.1:
            data.add(self.text()[:30] or "x", self.text())  # a key no page knows
        return data

    def date_part(self, name):
        part = name.rsplit("-", 1)[1]
        ranges = {"day": (0, 32), "month": (0, 13), "year": (1800, 2100)}[part]
        return str(self.rng.randint(*ranges))

    def file(self, valid_document):
        """A dossier file: a valid one changed at random, or bytes of any kind."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            document = json.loads(json.dumps(valid_document))
            answers = document["answers"]
            for _ in range(rng.randint(1, 4)):
                key = rng.choice(list(answers))
                answers[key] = rng.choice((self.text(), [self.text()], {"x": 1}, 12, None,
                                           [{}] * rng.randint(0, 20), float("nan")))
            return json.dumps(document).encode(errors="surrogatepass")
        if roll < 0.7:
            depth = rng.randint(1, 3000)
            return ('{"format": "demande-logement-social", "version": 1, "answers": '
                    + "[" * depth + "]" * depth + "}").encode()
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))


class Target:
    """One page (or action) and how to make a request for it."""

    def __init__(self, label, url, route=None, questions=(), extra=(), method="POST",
                 page=True):
        self.label, self.url, self.route = label, url, route
        self.questions, self.extra, self.method, self.page = questions, extra, method, page


def targets_of(route, answers):
    revision = [("page_revision", ("0", "1", "-1", "999999999999"))]
    found = []
    for page in active_pages(answers):
        if page.collection is not None:
            steps = page.collection.steps
            base = f"/demande/liste/{page.slug}"
            found.append(Target(f"{base} (list)", base, route,
                                extra=revision + [("add_more", ("oui", "non"))]))
            for step, step_page in enumerate(steps, 1):
                found.append(Target(f"{base}/1/{step}", f"{base}/1/{step}", route,
                                    step_page.questions, revision))
            found.append(Target(f"{base}/2 (new person)", f"{base}/2", route,
                                steps[0].questions, revision))
            found.append(Target(f"{base}/1/retirer", f"{base}/1/retirer", route,
                                extra=revision, page=False))
        elif page.slug == "communes":
            found.append(Target("/demande/communes", "/demande/communes", route, extra=revision + [
                ("action", ("ajouter", "retirer", "monter", "continuer", "copier")),
                ("code", ("71270", "75056", "69123", "2A004", "99999")),
                ("postcode", ("71000", "75001", "69001", "20000")), ("index", ("0", "1", "7"))]))
            found.append(Target("/demande/communes?q=", "/demande/communes", route,
                                extra=[("q", ("Mâcon", "71000", "69", "Paris"))], method="GET"))
        else:
            found.append(Target(f"/demande/{page.slug}", f"/demande/{page.slug}", route,
                                page.questions,
                                revision + [("action", ("plus-tard",)),
                                            ("retour", ("recapitulatif",))]))
    return found


PUBLIC = [
    Target("/guichets/?q=", "/guichets/", extra=[("q", ("Mâcon", "71000", "2A", "Paris"))],
           method="GET"),
    Target("/charger-un-dossier", "/charger-un-dossier"),
    Target("/reprendre", "/reprendre", extra=[("code", ("7K2QM-XP4AR-9TDH3",))]),
    Target("/renouvellement", "/renouvellement", questions=RENEWAL_PAGE.questions),
]


class Session:
    """The client, with a fresh application of the route wanted before each request
    that follows a save (the fuzz must not answer its way off a page)."""

    def __init__(self, app, client, documents):
        self.client, self.documents = client, documents
        self.store = open_store(app)
        self.current, self.dirty, self.token = None, True, None

    def ready(self, route):
        if route is not None and (self.dirty or self.current != route):
            application = self.store.create(editions.CURRENT.code, answers=self.documents[route],
                                            done=[p.slug for p in PAGES])
            with self.client.session_transaction() as session:
                session["application_id"] = application.id
            self.current = route
        if self.dirty or self.token is None:
            page = self.client.get("/charger-un-dossier").data.decode()
            self.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.dirty = False


def send(client, fuzzer, target, token, valid_document):
    rng = fuzzer.rng
    data = fuzzer.form(target.questions, target.extra)
    roll = rng.random()
    if roll < 0.85:
        data.add("csrf_token", token)
    elif roll < 0.93:
        data.add("csrf_token", fuzzer.text())
    if target.method == "GET":
        return client.get(target.url, query_string=data)
    if target.url == "/charger-un-dossier" and rng.random() < 0.8:
        data.add("dossier", (io.BytesIO(fuzzer.file(valid_document)), fuzzer.text()[:50]))
        return client.post(target.url, data=data, content_type="multipart/form-data")
    query = {"retour": "recapitulatif"} if rng.random() < 0.1 else None
    roll = rng.random()
    if roll < 0.8:
        return client.post(target.url, data=data, query_string=query)
    if roll < 0.88:  # not UTF-8: lone surrogates, overlong forms, stray bytes
        body = "&".join(f"{k}={v}" for k, v in data.items(multi=True)
                        if isinstance(v, str)).encode("utf-8", "surrogatepass")
        body += rng.choice((b"&birth_name=\xed\xa0\x80", b"&x=\xff\xfe", b"&%ff=%c0%af",
                            b"&=&&==", b"&a=%", b"&%00=%00"))
        return client.post(target.url, data=body,
                           content_type="application/x-www-form-urlencoded")
    if roll < 0.92:
        fields = {k: v for k, v in data.items() if isinstance(v, str)}
        return client.post(target.url, data=json.dumps(fields),
                           content_type="application/json")
    if roll < 0.96:
        return client.post(target.url, data=data, content_type="multipart/form-data")
    return client.post(target.url, data=fuzzer.text().encode(),
                       content_type=rng.choice(("text/plain", "application/xml",
                                                "application/octet-stream", "", "x/y; a=b")))


WORKERS = 2  # one process per core: each drives one application route
AFTER_SAVE = ("/demande/recapitulatif", "/demande/prochaines-etapes", "/demande/cerfa.pdf")


def route_answers():
    answers = {}
    for route in (ROUTE_HOSTED, ROUTE_DOMICILED):
        loaded, problems = dossier.load(route_dossier(route))
        assert problems == []
        answers[len(answers)] = loaded
    return answers


def all_targets(documents):
    """Per worker: its route's pages, and half of the public forms."""
    return [PUBLIC[worker::WORKERS] + targets_of(worker, documents[worker])
            for worker in range(WORKERS)]


def run_worker(worker, config, requests):
    """Requests to this worker's targets in turn; returns the statuses by target,
    or the failure (the request that gave a 5xx or raised, to replay it)."""
    from logement import create_app

    app = create_app({"TESTING": True, **config})
    client = app.test_client()
    with app.test_request_context():
        documents = route_answers()
    targets = all_targets(documents)[worker]
    fuzzer = Fuzzer(random.Random(SEED * WORKERS + worker))
    session = Session(app, client, documents)
    valid_document = dossier.dump(documents[worker])
    answered = {t.label: set() for t in targets}
    cpu, saves = time.process_time(), 0
    try:
        for number in range(requests):
            target = targets[number % len(targets)]
            session.ready(target.route)
            try:
                response = send(client, fuzzer, target, session.token, valid_document)
            except Exception as error:  # the app raised: TESTING lets it through
                return None, (f"{target.label}: worker {worker}, request {number}, "
                              f"FUZZ_SEED={SEED}: {error!r}")
            if response.status_code >= 500:
                return None, (f"{target.label}: worker {worker}, request {number}, "
                              f"FUZZ_SEED={SEED}: {response.status_code}")
            answered[target.label].add(response.status_code)
            if 300 <= response.status_code < 400 and target.route is not None:
                # What was just saved is read back before the application is reset.
                saves += 1
                every = (saves % 2 == 0) + (saves % 8 == 0) + (saves % 40 == 0)
                for url in AFTER_SAVE[:every]:
                    if client.get(url).status_code >= 500:
                        return None, (f"{url} after {target.label}: worker {worker}, "
                                      f"request {number}, FUZZ_SEED={SEED}")
            if 300 <= response.status_code < 400 or target.url == "/charger-un-dossier":
                session.dirty = True
    finally:
        session.store.close()
    answered["cpu seconds"] = time.process_time() - cpu
    answered["saves"] = saves
    return answered, None


def test_fuzz_reaches_every_page_and_never_fails(places_app, tmp_path):
    with places_app.test_request_context():
        targets = all_targets(route_answers())
    # Every page of the Cerfa, every step of each person, is a target.
    labels = {t.label for worker in targets for t in worker}
    assert {f"/demande/{p.slug}" for p in PAGES if p.collection is None
            and p.slug != "communes"} <= labels
    assert {f"/demande/liste/{p.slug}/1/{n}" for p in PAGES if p.collection
            for n in range(1, len(p.collection.steps) + 1)} <= labels

    started = time.perf_counter()
    jobs = [(worker, {"DATABASE": str(tmp_path / f"fuzz{worker}.sqlite3"),
                      "PLACES_DATABASE": places_app.config["PLACES_DATABASE"]},
             -(-REQUESTS // WORKERS)) for worker in range(WORKERS)]
    in_turn = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    if in_turn:
        # A parallel run already keeps every core busy with other tests: two more
        # processes would only add their start (2 s of CPU) to the run.
        results = [run_worker(*job) for job in jobs]
    else:
        # Fresh processes: the browser tests' threads (server, Playwright) must not
        # be forked.
        with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
            results = pool.starmap(run_worker, jobs)
    took = time.perf_counter() - started
    assert [failure for _answered, failure in results if failure] == []
    print(f"\nfuzz: {WORKERS * -(-REQUESTS // WORKERS)} requests to {len(labels)} pages in "
          f"{took:.1f} s ({REQUESTS / took:.0f}/s, {WORKERS} routes "
          f"{'in turn' if in_turn else 'in parallel processes'}), seed {SEED}")
    cpu = sum(answered.pop("cpu seconds") for answered, _failure in results)
    saves = sum(answered.pop("saves") for answered, _failure in results)
    print(f"CPU time {cpu:.1f} s ({1000 * cpu / REQUESTS:.1f} ms a request); {saves} saves "
          f"(every 2nd read back on the review, 8th on the next steps, 40th in the PDF)")
    statuses = {}
    for answered, _failure in results:
        for label, seen in answered.items():
            statuses.setdefault(label, set()).update(seen)
    pages = {t.label for worker in targets for t in worker if t.page}
    never_a_page = sorted(label for label in pages
                          if all(300 <= status < 400 for status in statuses[label]))
    assert never_a_page == []
    # Each page of the application came back itself, with its errors, at least once:
    # not only an error page for a refused token or a request too large.
    with_errors = {label: 400 if label == "/demande/communes" else 200 for label in pages
                   if label.startswith("/demande/")}
    assert sorted(label for label, status in with_errors.items()
                  if status not in statuses[label]) == []
