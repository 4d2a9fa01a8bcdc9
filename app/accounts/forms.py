"""Browser forms (Flask-WTF for CSRF and rendering); validation rules live in services."""

from __future__ import annotations

from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from app.i18n.languages import POST_LANGUAGES
from app.i18n.locale import current_language

# CLDR territories that are not countries: unions, pseudo-locales, "unknown".
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def country_choices() -> list[tuple[str, str]]:
    names = Locale.parse(current_language()).territories
    countries = sorted(
        (
            (code, name)
            for code, name in names.items()
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
        ),
        key=lambda item: item[1],
    )
    return [("", "—"), *countries]


class JoinForm(FlaskForm):
    display_name = StringField(
        _l("Display name"),
        validators=[InputRequired(), Length(max=40)],
        description=_l("Shown next to your posts. You do not need to use your real name."),
    )
    language = SelectField(_l("Language you will write in"))
    country = SelectField(_l("Country (optional)"), default="")
    town = StringField(_l("Town (optional)"), validators=[Length(max=120)])
    consent = BooleanField(_l("I have read the privacy notice and agree to take part."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = sorted(POST_LANGUAGES.items(), key=lambda item: item[1])
        self.country.choices = country_choices()
        if not self.language.data:
            self.language.data = current_language()


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])
