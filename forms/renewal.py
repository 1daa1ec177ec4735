"""When to renew: an application is valid 12 months from its filing date and is
renewed from the 11th month (notice n°51423*04). Also the two questions the site asks
to work it out, written as a page like the Cerfa's."""

import calendar
import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .cerfa import Page, Question

VALID_MONTHS = 12
RENEW_FROM_MONTH = 11

RENEWAL_PAGE = Page("renouvellement", _l("Quand renouveler votre demande"), questions=(
    Question("registration_number", _l("Numéro unique d'enregistrement"),
             kind="registration_number", required=True, max_length=30, width="w-20",
             required_message=_l("Saisissez le numéro unique de votre attestation "
                                 "d'enregistrement"),
             hint=_l("18 caractères, sur l'attestation d'enregistrement reçue après le dépôt. "
                     "Par exemple : 071121900123456789"), on_form=False),
    Question("filing_date", _l("Date de dépôt ou du dernier renouvellement"), kind="date",
             required=True, past_only=True,
             required_message=_l("Saisissez la date de dépôt de votre demande, ou de son dernier "
                                 "renouvellement"),
             hint=_l("Elle est écrite sur la dernière attestation reçue. Par exemple : 29 2 2024"),
             on_form=False),
))


def add_months(date: dt.date, months: int) -> dt.date:
    """Same day `months` later; the last day of the month when that day does not exist
    (29 February + 12 months = 28 February), as periods in months are counted in France."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month,
                        day=min(date.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Renewal:
    filed: dt.date
    renew_from: dt.date  # the reminder: one month before the end
    renew_before: dt.date  # 12 months after filing: renew before that day

    @property
    def last_day(self) -> dt.date:
        return self.renew_before - dt.timedelta(days=1)

    def lapsed(self, today: dt.date) -> bool:
        return today > self.last_day

    def can_renew(self, today: dt.date) -> bool:
        return self.renew_from <= today <= self.last_day


def renewal(filed: dt.date) -> Renewal:
    return Renewal(filed, add_months(filed, RENEW_FROM_MONTH), add_months(filed, VALID_MONTHS))
