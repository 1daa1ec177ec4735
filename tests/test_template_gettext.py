"""Templates translate in the request's language, and in the one force_locale puts for a
while: the catalog they keep for the request follows it (i18n.translations)."""

import flask_babel
from flask_babel import force_locale


def test_template_strings_follow_the_locale_forced_and_given_back(app):
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        back = app.jinja_env.from_string('{{ _("Retour") }}')
        ar = back.render()
        with force_locale("fr"):
            fr = back.render()
            with force_locale("en_GB"):
                en = back.render()
            fr_again = back.render()
        ar_again = back.render()
        expected = flask_babel.gettext("Retour")
    assert (ar, fr, en, fr_again, ar_again) == (expected, "Retour", "Back", "Retour", expected)
    assert expected not in ("Retour", "Back")


def test_lazy_messages_in_templates_follow_the_locale_and_escape_their_values(app):
    message = flask_babel.lazy_gettext("catégorie %(number)s", number="<b>6</b>")
    shown = app.jinja_env.from_string("{{ message }}")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        en = shown.render(message=message)
        with force_locale("fr"):
            fr = shown.render(message=message)
    assert (en, fr) == ("category &lt;b&gt;6&lt;/b&gt;", "catégorie &lt;b&gt;6&lt;/b&gt;")


def test_lazy_messages_as_text_follow_the_locale_and_keep_their_values(app):
    """Labels and choices are lazy messages made into text (answers page, PDF, dossier
    errors): in the request's language, the forced one for a while, French outside."""
    message = flask_babel.lazy_gettext("catégorie %(number)s", number="<b>6</b>")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        en = str(message)
        with force_locale("fr"):
            fr = str(message)
        en_again = str(message)
    assert (en, fr, en_again) == ("category <b>6</b>", "catégorie <b>6</b>", "category <b>6</b>")
    assert str(message) == "catégorie <b>6</b>"
