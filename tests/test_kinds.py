"""The kinds of question (forms/kinds.py): a question names one of them, and each one a
page can ask is drawn by its macro with the input its error and change links point to."""

import pytest
from bs4 import BeautifulSoup

from forms import form_class
from forms.cerfa import Page, Question
from forms.kinds import KINDS

def test_an_unknown_kind_is_refused_where_the_question_is_written():
    with pytest.raises(ValueError, match="euro.*forms/kinds.py"):
        Question("rent", "Loyer", kind="euro")


# Those answered on pages of their own (search and pick, add a person) have no macro.
@pytest.mark.parametrize("name", sorted(name for name, kind in KINDS.items() if kind.macro))
def test_each_kind_is_drawn_with_the_input_its_links_point_to(app, name):
    question = Question(f"answer_{name}", "Votre réponse", kind=name,
                        choices=(("G1", "Oui"), ("G2", "Non")))
    form = form_class(Page("essai", "Essai", questions=(question,)))(formdata=None)
    macros = app.jinja_env.get_template("components/macros.html").module
    with app.test_request_context():
        html = str(macros.question(form[question.name], question))
    first = BeautifulSoup(html, "html.parser").find(id=KINDS[name].first_input(question))
    assert first is not None and first.name in ("input", "textarea"), html
