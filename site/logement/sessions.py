"""Server-side sessions: the cookie holds only a random id; the data (language,
CSRF token, the open application) is sealed in the database (storage/sessions.py).

Clearing a session (i18n.reset_session: start, resume, close, delete) throws its
id away on the server, so a copied cookie stops working; a session idle for
SESSION_IDLE_MINUTES ends, for shared computers.
"""

import secrets
import time

from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from werkzeug.datastructures import CallbackDict

ID_BYTES = 32
# How often an unchanged session records that it is still in use (seconds).
TOUCH_EVERY = 60


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, data=None, session_id=None, last_seen=0.0, ended=False):
        def changed(_self):
            self.modified = True

        super().__init__(data, changed)
        self.session_id = session_id
        self.last_seen = last_seen
        self.modified = False
        # A cookie came with the request but its session had ended (idle, closed).
        self.ended = ended
        self.old_ids = []

    def clear(self):
        """Empty the session and give it a new id: the old one stops working."""
        super().clear()
        if self.session_id:
            self.old_ids.append(self.session_id)
        self.session_id = None


class ServerSessionInterface(SessionInterface):
    def open_session(self, app, request):
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie or len(cookie) > 100:
            return ServerSession()
        found = _table().load(cookie, app.config["SESSION_IDLE_MINUTES"] * 60)
        if found is None:
            return ServerSession(ended=True)
        data, last_seen = found
        return ServerSession(session_json_serializer.loads(data["tagged"]),
                             session_id=cookie, last_seen=last_seen)

    def save_session(self, app, session, response):
        table = _table()
        for old in session.old_ids:
            table.delete(old)
        name = self.get_cookie_name(app)
        if not session:
            if session.session_id:
                table.delete(session.session_id)
            if session.session_id or session.old_ids or session.ended:
                response.delete_cookie(name, path=self.get_cookie_path(app),
                                       domain=self.get_cookie_domain(app))
            return
        if session.session_id is None:
            session.session_id = secrets.token_urlsafe(ID_BYTES)
            table.create(session.session_id, _record(session))
            response.set_cookie(
                name, session.session_id, path=self.get_cookie_path(app),
                domain=self.get_cookie_domain(app), secure=self.get_cookie_secure(app),
                httponly=self.get_cookie_httponly(app), samesite=self.get_cookie_samesite(app))
            response.vary.add("Cookie")
        elif session.modified:  # (a request closing it meanwhile wins)
            table.update(session.session_id, _record(session))
        elif session.last_seen < time.time() - TOUCH_EVERY:
            table.touch(session.session_id)


def _record(session) -> dict:
    # Flask's tagged JSON keeps what sessions hold (flashed tuples, lazy strings).
    return {"tagged": session_json_serializer.dumps(dict(session))}


def _table():
    from . import get_store

    return get_store().sessions
