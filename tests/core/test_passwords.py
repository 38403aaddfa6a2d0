import pytest

from core.errors import UserError
from core.passwords import check_new_password, hash_password, verify_password


def test_hash_verifies_only_the_right_password():
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$2")
    assert verify_password("correct horse battery", hashed)
    assert not verify_password("correct horse batterz", hashed)


def test_unknown_user_check_fails_without_a_hash():
    assert not verify_password("anything at all", None)


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("short", "password.too_short"),
        ("x" * 80, "password.too_long"),
        ("kimminjun-2026!", "password.contains_username"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, key):
    with pytest.raises(UserError) as raised:
        check_new_password(password, username="kimminjun")
    assert raised.value.key == key
