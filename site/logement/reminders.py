"""A calendar file (.ics, RFC 5545) reminding a person to renew their application.

Two all-day events: the day renewal opens (one month before the end, with an alarm
that morning) and the last day of validity. Written by hand: a few lines of text
do not need a dependency."""

import datetime as dt
import hashlib

from flask_babel import format_date, gettext

from forms.renewal import Renewal

PRODUCT = "-//Ma demande de logement social//Rappel de renouvellement//FR"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space."""
    encoded, parts = line.encode(), []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        while (encoded[cut] & 0xC0) == 0x80:  # never inside a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    parts.append(encoded.decode())
    return "\r\n ".join(parts)


def _event(uid, stamp, day, summary, description, alarm=None):
    lines = [
        "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
    ]
    if alarm:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(alarm)}",
                  "TRIGGER:PT9H", "END:VALARM"]  # 9 a.m. on the day
    return lines + ["END:VEVENT"]


def renewal_calendar(number: str, dates: Renewal, now: dt.datetime) -> bytes:
    """The calendar file, in the language of the site."""
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    before = format_date(dates.renew_before, "long")
    filed = format_date(dates.filed, "long")
    about = gettext(
        "Demande de logement social n° %(number)s, déposée ou renouvelée le %(filed)s, à "
        "renouveler avant le %(before)s. Renouvelez-la sur www.demande-logement-social.gouv.fr "
        "ou à un guichet enregistreur : cochez « renouvellement d'une demande en cours » et "
        "indiquez ce numéro.", number=number, filed=filed, before=before)
    # The same file downloaded twice updates the same events instead of adding others.
    uid = hashlib.sha256(f"{number}/{dates.filed}".encode()).hexdigest()[:32]
    first = _event(f"{uid}-debut@logement", stamp, dates.renew_from,
                   gettext("Renouveler ma demande de logement social"), about,
                   alarm=gettext("Renouveler ma demande de logement social avant le "
                                 "%(until)s", until=before))
    last = _event(f"{uid}-fin@logement", stamp, dates.last_day,
                  gettext("Dernier jour pour renouveler ma demande de logement social"),
                  about)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", *first, *last, "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
