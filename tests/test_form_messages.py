"""WTForms' own messages speak the page's language, each catalog read once a process
(Flask-WTF read it again on every request)."""

from babel import support
from wtforms import StringField

from logement.app_forms import WTFORMS_MESSAGES, SiteForm


class NameForm(SiteForm):
    name = StringField()


def test_wtforms_messages_follow_the_language_and_are_read_once(app, monkeypatch):
    monkeypatch.setattr(WTFORMS_MESSAGES, "_catalogs", {})
    read = []
    load = support.Translations.load

    def counted(dirname=None, locales=None, domain=None):
        read.append(domain)
        return load(dirname, locales, domain)

    monkeypatch.setattr(support.Translations, "load", counted)

    def message(language):
        with app.test_request_context(headers={"Accept-Language": language}):
            return NameForm(meta={"csrf": False}).name.gettext("Not a valid choice.")

    assert [message("ar"), message("ar"), message("fr"), message("ar")] == [
        "اختيار غير صحيح.", "اختيار غير صحيح.", "N'est pas un choix valide.",
        "اختيار غير صحيح."]
    assert read.count("wtforms") == 2  # Arabic, French
