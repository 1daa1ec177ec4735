"""Creating a structure, joining one with an invitation, signing in with a password and
a second factor (TOTP or a recovery code), signing out."""

import base64
import math
import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ... import limits
from ...app_forms import ActionForm
from ...i18n import reset_session
from ...workspace_forms import AccountForm, CodeForm, SecondFactorForm, SignInForm, StructureForm
from . import (MEMBER, PENDING, SEEN, SETUP, STEP_SECONDS, TOTP_DRAFT, bp, current_member,
               idle_seconds, workspace)
from . import credentials

DRAFT = "ws_structure_draft"  # the structure's answers, until its first account exists
INVITATION_HOURS = 72

# Sign-in attempts, shared-office design (docs/structures.md): (failures at once, seconds
# to refill). An account may make a few failures, one office address many (a whole team
# signs in from one address), everyone together a ceiling: each wrong password costs an
# argon2id hash (64 MiB). Each may be set with WORKSPACE_SIGN_IN_<SCOPE>_FAILURES.
SIGN_IN_LIMITS = {"ACCOUNT": (10, 3600), "ADDRESS": (60, 3600), "GLOBAL": (1200, 60)}
# Second factor, once the password is right: 5 at once, then one every 12 minutes.
SECOND_FACTOR_BY_ACCOUNT = limits.Limit("workspace-second-factor", failures=5, window=3600)


@bp.get("/")
def index():
    if current_member() is not None:
        return redirect(url_for(".applications"))
    return render_template("workspace/index.html", idle_minutes=idle_seconds() // 60)


@bp.route("/creer", methods=["GET", "POST"])
def create():
    form = StructureForm(data=session.get(DRAFT) if request.method == "GET" else None)
    if form.validate_on_submit():
        session[DRAFT] = form.answers()
        return redirect(url_for(".create_account"))
    return render_template("workspace/structure.html", form=form,
                           page=form.page), 400 if form.errors else 200


@bp.route("/creer/compte", methods=["GET", "POST"])
def create_account():
    draft = session.get(DRAFT)
    if not draft:
        return redirect(url_for(".create"))
    form = AccountForm()
    if form.validate_on_submit() and _login_free(form):
        address = {k: v for k, v in draft.items() if k.startswith("mail_") and v}
        _structure_id, member_id = workspace().create_structure(
            draft["structure_name"], draft["structure_kind"], draft.get("siret"), address,
            {**form.account(), "password_hash": credentials.hash_password(form.password.data)})
        _start_setup(member_id)
        return redirect(url_for(".second_factor_setup"))
    return render_template("workspace/account.html", form=form, page=form.page,
                           heading=_l("Votre compte d'administrateur"),
                           structure_name=draft["structure_name"]), 400 if form.errors else 200


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def join(token):
    token_hash = _invitation_hash(token)
    structure_id = workspace().invitation_structure(token_hash)
    if structure_id is None:
        return render_template("workspace/invitation_invalid.html"), 404
    form = AccountForm()
    if form.validate_on_submit() and _login_free(form):
        member_id = workspace().accept_invitation(token_hash, {
            **form.account(), "password_hash": credentials.hash_password(form.password.data)})
        if member_id is None:
            return render_template("workspace/invitation_invalid.html"), 404
        _start_setup(member_id)
        return redirect(url_for(".second_factor_setup"))
    return render_template("workspace/account.html", form=form, page=form.page,
                           heading=_l("Rejoindre l'espace de la structure"),
                           structure_name=workspace().structure(structure_id).name), \
        400 if form.errors else 200


def _invitation_hash(token: str) -> str:
    return workspace().sealer.lookup_hash("invitation", token[:100])


def _login_free(form) -> bool:
    account = form.account()
    store = workspace()
    if store.login_taken(account["login"]):
        form.login.errors.append(_l("Cet identifiant est déjà pris : choisissez-en un autre"))
        return False
    if account["email"] and store.member_by_identifier(account["email"]) is not None:
        form.email.errors.append(_l("Cette adresse e-mail est déjà utilisée par un autre "
                                    "compte"))
        return False
    return True


def _start_setup(member_id):
    """A fresh session in which this member may set up their second factor."""
    reset_session()
    session[SETUP] = [member_id, time.time()]


def _step_member(key):
    """The member of a sign-in step still under way (password checked, account created)."""
    step = session.get(key)
    if not step or time.time() - step[1] > STEP_SECONDS:
        session.pop(key, None)
        return None
    return workspace().member(step[0])


@bp.route("/second-facteur", methods=["GET", "POST"])
def second_factor_setup():
    member = _step_member(SETUP)
    if member is None:
        flash(_l("Cette étape a expiré : connectez-vous à nouveau."))
        return redirect(url_for(".sign_in"))
    store = workspace()
    sealed = session.get(TOTP_DRAFT)
    secret = store.sealer.open(base64.b64decode(sealed), bound_to=member.id)["secret"] \
        if sealed else None
    if secret is None:
        secret = credentials.new_totp_secret()
        session[TOTP_DRAFT] = base64.b64encode(
            store.sealer.seal({"secret": secret}, bound_to=member.id)).decode()
    form = CodeForm()
    if form.validate_on_submit():
        step = credentials.totp_step(secret, form.code.data)
        if step is not None:
            codes = credentials.new_recovery_codes()
            store.set_totp(member.id, secret,
                           [_recovery_hash(member.id, code) for code in codes])
            store.use_totp_step(member.id, step)
            _signed_in(member)
            return render_template("workspace/recovery_codes.html",
                                   codes=[credentials.display_recovery_code(c) for c in codes])
        form.code.errors.append(_l("Ce code ne correspond pas : vérifiez que l'heure de votre "
                                   "téléphone est juste, puis saisissez le code affiché "
                                   "maintenant"))
    uri = credentials.totp_uri(secret, member.login)
    return render_template(
        "workspace/second_factor_setup.html", form=form,
        qr=credentials.totp_qr_svg(uri, str(_l("Code QR à scanner avec l'application"))),
        secret=credentials.format_secret(secret)), 400 if form.errors else 200


def _recovery_hash(member_id, code):
    return workspace().sealer.lookup_hash("recovery", f"{member_id}:{code}")


@bp.route("/connexion", methods=["GET", "POST"])
def sign_in():
    if current_member() is not None:
        return redirect(url_for(".applications"))
    form = SignInForm()
    if form.validate_on_submit():
        member = workspace().member_by_identifier(form.normalised_identifier)
        # Unknown identifiers have a budget too, so that guessing them costs the same.
        account = member.id if member else f"?{form.normalised_identifier}"
        address = limits.client_address()
        budgets = ((_sign_in_limit("ACCOUNT"), account), (_sign_in_limit("ADDRESS"), address),
                   (_sign_in_limit("GLOBAL"), "all"))
        wait = max(limits.wait_seconds(limit, key) for limit, key in budgets)
        if wait:
            form.password.errors.append(_wait_message(wait))
            return _sign_in_page(form), 429
        if credentials.password_matches(member.password_hash if member else None,
                                        form.password.data):
            reset_session()
            key = PENDING if member.has_totp else SETUP
            session[key] = [member.id, time.time()]
            return redirect(url_for(".second_factor" if member.has_totp
                                    else ".second_factor_setup"))
        for limit, key in budgets:
            limits.record_failure(limit, key)
        form.password.errors.append(_l("L'identifiant ou le mot de passe ne correspond pas"))
    return _sign_in_page(form), 400 if form.errors else 200


def _sign_in_limit(scope) -> limits.Limit:
    failures, window = SIGN_IN_LIMITS[scope]
    return limits.Limit(f"workspace-sign-in-{scope.lower()}",
                        current_app.config.get(f"WORKSPACE_SIGN_IN_{scope}_FAILURES", failures),
                        window)


def _sign_in_page(form):
    return render_template("workspace/sign_in.html", form=form,
                           idle_minutes=idle_seconds() // 60)


def _wait_message(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("Trop d'essais erronés. Pour protéger les comptes, attendez %(num)s minute "
                    "avant de réessayer",
                    "Trop d'essais erronés. Pour protéger les comptes, attendez %(num)s minutes "
                    "avant de réessayer", minutes)


@bp.route("/connexion/code", methods=["GET", "POST"])
def second_factor():
    member = _step_member(PENDING)
    if member is None:
        flash(_l("Cette étape a expiré : connectez-vous à nouveau."))
        return redirect(url_for(".sign_in"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        wait = limits.wait_seconds(SECOND_FACTOR_BY_ACCOUNT, member.id)
        if wait:
            form.code.errors.append(_wait_message(wait))
            return render_template("workspace/second_factor.html", form=form), 429
        accepted, recovery_left = _check_second_factor(member, form.code.data)
        if accepted:
            limits.reset(SECOND_FACTOR_BY_ACCOUNT, member.id)
            limits.reset(_sign_in_limit("ACCOUNT"), member.id)
            _signed_in(member)
            if recovery_left is not None:  # after the fresh session: flashes live in it
                flash(ngettext(
                    "Code de secours accepté. Il vous en reste %(num)s : demandez à un "
                    "administrateur de réinitialiser votre second facteur s'il en reste peu.",
                    "Code de secours accepté. Il vous en reste %(num)s : demandez à un "
                    "administrateur de réinitialiser votre second facteur s'il en reste peu.",
                    recovery_left))
            return redirect(url_for(".applications"))
        limits.record_failure(SECOND_FACTOR_BY_ACCOUNT, member.id)
        form.code.errors.append(_l("Ce code ne convient pas, ou il a déjà servi : saisissez "
                                   "le code affiché maintenant par votre application"))
    return render_template("workspace/second_factor.html", form=form), \
        400 if form.errors else 200


def _check_second_factor(member, typed) -> tuple[bool, int | None]:
    """(accepted, recovery codes left when one was used). Each TOTP code signs in once."""
    store = workspace()
    step = credentials.totp_step(store.totp_secret(member), typed)
    if step is not None:
        return store.use_totp_step(member.id, step), None
    recovery = credentials.normalise_recovery_code(typed)
    if recovery and store.use_recovery_code(member.id, _recovery_hash(member.id, recovery)):
        return True, store.recovery_codes_left(member.id)
    return False, None


def _signed_in(member):
    """Both factors checked: a fresh session (a new id, nothing carried over)."""
    reset_session()
    session[MEMBER] = member.id
    session[SEEN] = time.time()
    workspace().log(member.structure_id, member.id, None, "signed_in")


@bp.post("/deconnexion")
def sign_out():
    if ActionForm().validate_on_submit():
        reset_session()
        flash(_l("Vous êtes déconnecté. Fermez le navigateur si l'ordinateur est partagé."))
    return redirect(url_for(".index"))


def invitation_url(token: str) -> str:
    return url_for(".join", token=token, _external=True)
