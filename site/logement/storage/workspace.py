"""All SQL of the structures' workspace (CCAS/CIAS, associations, social services).

Kept in the applications database (SQLite or PostgreSQL, see db.py) under its
own migrations, one set for each engine; the SQL below is shared. Where a write
depends on rows it read, those are read with `db.for_update` (row locks on
PostgreSQL; SQLite's writes hold the database lock anyway).

What is sealed or hashed (see crypto.py):
- a person's name and registration number (cases.sealed, bound to the case id);
- members' TOTP secrets (members.totp_sealed, bound to the member id);
- passwords as argon2id hashes (made by the caller);
- invitation tokens and recovery codes as keyed hashes only.
The link between a structure and an application lives here, never in the answers.
"""

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from sqlite_utils import Migrations

from ..crypto import Sealer
from .db import Database

migrations = Migrations("workspace")

ACTIVE, STOPPED = "active", "stopped"


@migrations()
def create_workspace(db):
    db["structures"].create({
        "id": str, "name": str, "kind": str, "siret": str, "address": str,
        "status": str, "created_at": str, "closed_at": str,
    }, pk="id")
    db["members"].create({
        "id": str, "structure_id": str, "login": str, "email": str, "display_name": str,
        "password_hash": str, "totp_sealed": bytes, "totp_last_step": int, "is_admin": int,
        "status": str, "created_at": str,
    }, pk="id")
    db["members"].create_index(["login"], unique=True)
    db["members"].create_index(["structure_id"])
    db["recovery_codes"].create({"code_hash": str, "member_id": str, "used_at": str},
                                pk="code_hash")
    db["recovery_codes"].create_index(["member_id"])
    db["invitations"].create({
        "token_hash": str, "structure_id": str, "created_by": str, "created_at": str,
        "expires_at": str, "used_at": str,
    }, pk="token_hash")
    db["invitations"].create_index(["structure_id"])
    db["cases"].create({
        "id": str, "structure_id": str, "application_id": str, "sealed": bytes,
        "status": str, "consent_until": str, "filed_on": str, "domiciled_since": str,
        "last_contact_on": str, "created_at": str, "updated_at": str,
    }, pk="id")
    db["cases"].create_index(["structure_id", "status"])
    db["cases"].create_index(["application_id"])
    db["consents"].create({
        "case_id": str, "member_id": str, "agreed_on": str, "until": str, "purpose": str,
    })
    db["consents"].create_index(["case_id"])
    db["audit_log"].create({
        "structure_id": str, "member_id": str, "case_id": str, "action": str, "at": str,
    })
    db["audit_log"].create_index(["structure_id", "at"])


# The same tables for PostgreSQL (db.py applies them in order, recorded once).
POSTGRESQL = [
    ("create_workspace", """
        create table structures (
            id text primary key, name text, kind text, siret text, address text,
            status text, created_at text, closed_at text);
        create table members (
            id text primary key, structure_id text, login text, email text,
            display_name text, password_hash text, totp_sealed bytea,
            totp_last_step bigint, is_admin bigint, status text, created_at text);
        create unique index members_login on members (login);
        create index members_structure_id on members (structure_id);
        create table recovery_codes (code_hash text primary key, member_id text,
                                     used_at text);
        create index recovery_codes_member_id on recovery_codes (member_id);
        create table invitations (
            token_hash text primary key, structure_id text, created_by text,
            created_at text, expires_at text, used_at text);
        create index invitations_structure_id on invitations (structure_id);
        create table cases (
            id text primary key, structure_id text, application_id text, sealed bytea,
            status text, consent_until text, filed_on text, domiciled_since text,
            last_contact_on text, created_at text, updated_at text);
        create index cases_structure_id_status on cases (structure_id, status);
        create index cases_application_id on cases (application_id);
        create table consents (case_id text, member_id text, agreed_on text,
                               until text, purpose text);
        create index consents_case_id on consents (case_id);
        create table audit_log (structure_id text, member_id text, case_id text,
                                action text, at text);
        create index audit_log_structure_id_at on audit_log (structure_id, at);
    """),
]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class Structure:
    id: str
    name: str
    kind: str
    siret: str
    address: dict
    status: str

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass
class Member:
    id: str
    structure_id: str
    login: str
    email: str
    display_name: str
    password_hash: str
    has_totp: bool
    totp_last_step: int
    is_admin: bool
    status: str


@dataclass
class Case:
    """A structure's link to one application, with the person's consent."""

    id: str
    structure_id: str
    application_id: str
    name: str
    registration_number: str
    status: str
    consent_until: dt.date
    filed_on: dt.date | None
    domiciled_since: dt.date | None
    last_contact_on: dt.date | None
    created_at: str
    updated_at: str

    def consent_valid(self, today: dt.date) -> bool:
        return self.status == ACTIVE and today <= self.consent_until


def _date(value):
    return dt.date.fromisoformat(value) if value else None


class WorkspaceStore:
    def __init__(self, db: Database, sealer: Sealer):
        self.db = db
        self.sealer = sealer

    def migrate(self):
        """Pending migrations, once (several servers and workers start together)."""
        self.db.migrate("workspace", migrations, POSTGRESQL)

    # -- structures -------------------------------------------------------------

    def create_structure(self, name, kind, siret, address: dict, admin: dict) -> tuple:
        """A structure and its first member, who administers it."""
        structure_id = secrets.token_urlsafe(12)
        with self.db.writing():
            self.db.insert("structures", {
                "id": structure_id, "name": name, "kind": kind, "siret": siret or "",
                "address": json.dumps(address, ensure_ascii=False), "status": "open",
                "created_at": _now(), "closed_at": None})
            member_id = self._insert_member(structure_id, admin, is_admin=True)
        return structure_id, member_id

    def structure(self, structure_id) -> Structure | None:
        rows = list(self.db.query("select * from structures where id = ?", [structure_id]))
        if not rows:
            return None
        row = rows[0]
        return Structure(row["id"], row["name"], row["kind"], row["siret"],
                         json.loads(row["address"]), row["status"])

    def _lock_structure(self, structure_id):
        """Inside a write: the structure's row locked until it commits (PostgreSQL)."""
        self.db.query("select id from structures where id = ?" + self.db.for_update,
                      [structure_id])

    def close_structure(self, structure_id) -> list[str]:
        """Close a structure: members, invitations, links and log removed.
        Returns the application ids that were actively shared (the caller hands
        them back or deletes them)."""
        with self.db.writing():
            self._lock_structure(structure_id)  # a member joining meanwhile waits
            shared = [row["application_id"] for row in self.db.query(
                "select application_id from cases where structure_id = ? and status = ?",
                [structure_id, ACTIVE])]
            members = [row["id"] for row in self.db.query(
                "select id from members where structure_id = ?", [structure_id])]
            for member_id in members:
                self.db.execute("delete from recovery_codes where member_id = ?", [member_id])
            cases = [row["id"] for row in self.db.query(
                "select id from cases where structure_id = ?", [structure_id])]
            for case_id in cases:
                self.db.execute("delete from consents where case_id = ?", [case_id])
            for table in ("members", "invitations", "cases", "audit_log"):
                self.db.execute(f"delete from {table} where structure_id = ?", [structure_id])
            self.db.execute("update structures set status = 'closed', closed_at = ? "
                            "where id = ?", [_now(), structure_id])
        return shared

    # -- members ------------------------------------------------------------------

    def _insert_member(self, structure_id, account: dict, is_admin=False) -> str:
        member_id = secrets.token_urlsafe(12)
        self.db.insert("members", {
            "id": member_id, "structure_id": structure_id, "login": account["login"],
            "email": account.get("email") or None, "display_name": account["display_name"],
            "password_hash": account["password_hash"], "totp_sealed": None,
            "totp_last_step": 0, "is_admin": int(is_admin), "status": ACTIVE,
            "created_at": _now()})
        return member_id

    def login_taken(self, login: str) -> bool:
        return bool(list(self.db.query("select 1 from members where login = ?", [login])))

    def member(self, member_id) -> Member | None:
        rows = list(self.db.query("select * from members where id = ? and status = ?",
                                  [member_id, ACTIVE]))
        return self._member(rows[0]) if rows else None

    def member_by_identifier(self, identifier: str) -> Member | None:
        """An active member by login or e-mail (both stored in lower case)."""
        rows = list(self.db.query(
            "select * from members where (login = ? or email = ?) and status = ?",
            [identifier, identifier, ACTIVE]))
        return self._member(rows[0]) if len(rows) == 1 else None

    def members(self, structure_id) -> list[Member]:
        return [self._member(row) for row in self.db.query(
            "select * from members where structure_id = ? and status = ? "
            "order by display_name", [structure_id, ACTIVE])]

    def remove_member(self, structure_id, member_id) -> bool:
        with self.db.writing():
            changed = self.db.execute(
                "update members set status = 'removed', password_hash = '', totp_sealed = null "
                "where id = ? and structure_id = ? and status = ?",
                [member_id, structure_id, ACTIVE])
            self.db.execute("delete from recovery_codes where member_id = ?", [member_id])
        return changed == 1

    def totp_secret(self, member: Member) -> str | None:
        rows = list(self.db.query("select totp_sealed from members where id = ?", [member.id]))
        if not rows or rows[0]["totp_sealed"] is None:
            return None
        return self.sealer.open(rows[0]["totp_sealed"], bound_to=member.id)["secret"]

    def set_totp(self, member_id, secret: str, recovery_hashes: list[str]):
        """The second factor, once the member typed a code it made; new recovery codes."""
        sealed = self.sealer.seal({"secret": secret}, bound_to=member_id)
        with self.db.writing():
            self.db.execute("update members set totp_sealed = ?, totp_last_step = 0 "
                            "where id = ?", [sealed, member_id])
            self.db.execute("delete from recovery_codes where member_id = ?", [member_id])
            for code_hash in recovery_hashes:
                self.db.insert("recovery_codes", {"code_hash": code_hash, "member_id": member_id,
                                                  "used_at": None})

    def reset_totp(self, structure_id, member_id) -> bool:
        with self.db.writing():
            changed = self.db.execute(
                "update members set totp_sealed = null, totp_last_step = 0 "
                "where id = ? and structure_id = ? and status = ?",
                [member_id, structure_id, ACTIVE])
            self.db.execute("delete from recovery_codes where member_id = ?", [member_id])
        return changed == 1

    def use_totp_step(self, member_id, step: int) -> bool:
        """Accept a code's time step once: a code seen already cannot sign in again."""
        with self.db.writing():
            changed = self.db.execute(
                "update members set totp_last_step = ? where id = ? and totp_last_step < ?",
                [step, member_id, step])
        return changed == 1

    def use_recovery_code(self, member_id, code_hash: str) -> bool:
        with self.db.writing():
            changed = self.db.execute(
                "update recovery_codes set used_at = ? where code_hash = ? and member_id = ? "
                "and used_at is null", [_now(), code_hash, member_id])
        return changed == 1

    def recovery_codes_left(self, member_id) -> int:
        return self.db.scalar("select count(*) from recovery_codes where member_id = ? "
                              "and used_at is null", [member_id])

    def _member(self, row) -> Member:
        return Member(row["id"], row["structure_id"], row["login"], row["email"] or "",
                      row["display_name"], row["password_hash"],
                      row["totp_sealed"] is not None, row["totp_last_step"] or 0,
                      bool(row["is_admin"]), row["status"])

    # -- invitations ----------------------------------------------------------------

    def create_invitation(self, structure_id, created_by, token_hash, lifetime: dt.timedelta):
        now = dt.datetime.now(dt.timezone.utc)
        with self.db.writing():
            self.db.insert("invitations", {
                "token_hash": token_hash, "structure_id": structure_id,
                "created_by": created_by, "created_at": now.isoformat(timespec="seconds"),
                "expires_at": (now + lifetime).isoformat(timespec="seconds"), "used_at": None})

    def invitation_structure(self, token_hash, for_update=False) -> str | None:
        """The structure of an unused, unexpired invitation of an open structure."""
        rows = list(self.db.query(
            "select i.structure_id from invitations i join structures s on s.id = i.structure_id "
            "where i.token_hash = ? and i.used_at is null and i.expires_at > ? "
            "and s.status = 'open'" + (self.db.for_update if for_update else ""),
            [token_hash, _now()]))
        return rows[0]["structure_id"] if rows else None

    def accept_invitation(self, token_hash, account: dict) -> str | None:
        """Use the invitation once and create the member; None when it was used meanwhile."""
        with self.db.writing():
            # Locks the invitation and its structure (a close waits for the new member).
            structure_id = self.invitation_structure(token_hash, for_update=True)
            if structure_id is None:
                return None
            changed = self.db.execute(
                "update invitations set used_at = ? where token_hash = ? and used_at is null",
                [_now(), token_hash])
            if changed != 1:
                return None
            return self._insert_member(structure_id, account)

    # -- cases ------------------------------------------------------------------------

    def create_case(self, structure_id, application_id, member_id, name: str,
                    agreed_on: dt.date, until: dt.date, purpose: str) -> str:
        case_id = secrets.token_urlsafe(12)
        now = _now()
        with self.db.writing():
            self._lock_structure(structure_id)  # not created while the structure closes
            self.db.insert("cases", {
                "id": case_id, "structure_id": structure_id, "application_id": application_id,
                "sealed": self._seal_case(case_id, name, ""), "status": ACTIVE,
                "consent_until": until.isoformat(), "filed_on": None, "domiciled_since": None,
                "last_contact_on": None, "created_at": now, "updated_at": now})
            self._insert_consent(case_id, member_id, agreed_on, until, purpose)
        return case_id

    def shared_with(self, structure_id, application_id) -> bool:
        return bool(list(self.db.query(
            "select 1 from cases where structure_id = ? and application_id = ? and status = ?",
            [structure_id, application_id, ACTIVE])))

    def case(self, structure_id, case_id, for_update=False) -> Case | None:
        """One active case of this structure; another structure's id finds nothing."""
        rows = list(self.db.query(
            "select * from cases where id = ? and structure_id = ? and status = ?"
            + (self.db.for_update if for_update else ""), [case_id, structure_id, ACTIVE]))
        return self._case(rows[0]) if rows else None

    def cases(self, structure_id) -> list[Case]:
        return [self._case(row) for row in self.db.query(
            "select * from cases where structure_id = ? and status = ? order by created_at",
            [structure_id, ACTIVE])]

    def renew_consent(self, structure_id, case_id, member_id, agreed_on, until, purpose) -> bool:
        with self.db.writing():
            changed = self.db.execute(
                "update cases set consent_until = ?, updated_at = ? "
                "where id = ? and structure_id = ? and status = ?",
                [until.isoformat(), _now(), case_id, structure_id, ACTIVE])
            if changed == 1:
                self._insert_consent(case_id, member_id, agreed_on, until, purpose)
        return changed == 1

    def consents(self, case_id) -> list[dict]:
        return list(self.db.query(
            "select c.agreed_on, c.until, c.purpose, m.display_name from consents c "
            "left join members m on m.id = c.member_id where c.case_id = ? "
            "order by c.agreed_on desc, c.until desc", [case_id]))

    def update_follow_up(self, structure_id, case_id, registration_number, filed_on,
                         domiciled_since, last_contact_on) -> bool:
        with self.db.writing():
            case = self.case(structure_id, case_id, for_update=True)
            if case is None:
                return False
            self.db.execute(
                "update cases set sealed = ?, filed_on = ?, domiciled_since = ?, "
                "last_contact_on = ?, updated_at = ? where id = ?",
                [self._seal_case(case_id, case.name, registration_number or ""),
                 _iso(filed_on), _iso(domiciled_since), _iso(last_contact_on), _now(), case_id])
        return True

    def stop_sharing(self, application_id) -> list[tuple]:
        """The person takes their application back: every structure loses access.
        What the structure entered (name, number, dates) is erased with the link; the
        row stays, so that the audit log still says which link was stopped.
        Returns (structure id, case id) of each link stopped."""
        with self.db.writing():
            rows = self.db.query("update cases set status = ?, sealed = null, filed_on = null, "
                                 "domiciled_since = null, last_contact_on = null, "
                                 "updated_at = ? where application_id = ? and status = ? "
                                 "returning id, structure_id",
                                 [STOPPED, _now(), application_id, ACTIVE])
        return [(row["structure_id"], row["id"]) for row in rows]

    def structures_sharing(self, application_id) -> list[tuple]:
        """(structure name, consent until) for each structure the application is shared with."""
        return [(row["name"], dt.date.fromisoformat(row["consent_until"])) for row in
                self.db.query(
                    "select s.name, c.consent_until from cases c join structures s "
                    "on s.id = c.structure_id where c.application_id = ? and c.status = ? "
                    "order by s.name", [application_id, ACTIVE])]

    def end_case(self, structure_id, case_id) -> str | None:
        """Remove the link (the application was deleted); returns the application id."""
        with self.db.writing():
            case = self.case(structure_id, case_id, for_update=True)
            if case is None:
                return None
            self.db.execute("delete from consents where case_id = ?", [case_id])
            self.db.execute("delete from cases where id = ?", [case_id])
        return case.application_id

    def _insert_consent(self, case_id, member_id, agreed_on, until, purpose):
        self.db.insert("consents", {"case_id": case_id, "member_id": member_id,
                                    "agreed_on": agreed_on.isoformat(),
                                    "until": until.isoformat(), "purpose": purpose})

    def _seal_case(self, case_id, name, registration_number) -> bytes:
        return self.sealer.seal({"name": name, "registration_number": registration_number},
                                bound_to=f"case:{case_id}")

    def _case(self, row) -> Case:
        record = self.sealer.open(row["sealed"], bound_to=f"case:{row['id']}") \
            if row["sealed"] else {"name": "", "registration_number": ""}
        return Case(row["id"], row["structure_id"], row["application_id"], record["name"],
                    record["registration_number"], row["status"],
                    dt.date.fromisoformat(row["consent_until"]), _date(row["filed_on"]),
                    _date(row["domiciled_since"]), _date(row["last_contact_on"]),
                    row["created_at"], row["updated_at"])

    # -- audit log --------------------------------------------------------------------

    def log(self, structure_id, member_id, case_id, action):
        with self.db.writing():
            self.db.insert("audit_log", {"structure_id": structure_id, "member_id": member_id,
                                         "case_id": case_id, "action": action,
                                         # to the microsecond: the log keeps its order
                                         "at": dt.datetime.now(dt.timezone.utc).isoformat()})

    def log_entries(self, structure_id, limit: int, offset: int = 0) -> list[dict]:
        return list(self.db.query(
            "select a.at, a.action, a.case_id, m.display_name from audit_log a "
            "left join members m on m.id = a.member_id where a.structure_id = ? "
            "order by a.at desc limit ? offset ?",
            [structure_id, limit, offset]))


def _iso(date):
    return date.isoformat() if date else None
