import re

import pytest

from core.errors import UserError
from core.i18n import CATALOG, both, say, t

PLACEHOLDER = re.compile(r"{(\w+)}")


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_message_has_korean_and_english_with_the_same_placeholders(key):
    korean, english = CATALOG[key]
    assert korean.strip() and english.strip()
    assert set(PLACEHOLDER.findall(korean)) == set(PLACEHOLDER.findall(english))


def test_korean_is_the_default_language():
    assert t("login.title") == "로그인"
    assert t("login.title", "en") == "Log in"


def test_user_errors_are_said_with_their_parameters():
    error = UserError("error.username_taken", username="kim")
    assert say(error, "en") == "Username already taken: kim"
    assert "kim" in say(error, "ko")
    assert both("error.username_taken", username="kim").count("kim") == 2


def test_every_user_error_raised_in_the_code_has_a_message():
    import pathlib

    from core.settings import PROJECT_ROOT

    pattern = re.compile(r'UserError\(\s*"([\w.]+)"')
    missing = set()
    for folder in ("core", "db", "ui", "pages", "workers"):
        for path in pathlib.Path(PROJECT_ROOT, folder).rglob("*.py"):
            missing |= {key for key in pattern.findall(path.read_text()) if key not in CATALOG}
    assert missing == set()
