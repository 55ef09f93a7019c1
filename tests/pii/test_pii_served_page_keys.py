"""Service keys a whole HTML page sends to every visitor (pii/served_page_keys.py).

The fixture models a scraper's captured page: the page's inline configuration names each browser
service's key after the service, beside a user's session values that a logged-in capture would hold.
All values are invented random strings."""

import pytest

from pii.assignments import name_words
from pii.secret_recognizer import SecretRecognizer
from pii.served_page_keys import is_served_page, is_service_client_key

REC = SecretRecognizer()
PUSHER = "a1e6dcce73478cc288cd"
BUGSNAG = "f66e52a49845fa9d98b8d5c4ad4a9fa1"
UPLOAD = "ybwHpmRZmAUZm21bjVtL7w"
SESSION = "360cd735d6cd47b05be22969b9c9aa9d"
CONFIG = (
    '<script>window.__PRELOADED_STATE__ = {"env":"production","pusher_app_key":"' + PUSHER + '",'
    '"react_bugsnag_api_key":"' + BUGSNAG + '","filepicker_api_key":"' + UPLOAD + '",'
    '"csrf_token":"' + SESSION[::-1] + '","api_key":"' + SESSION + '"};</script>\n'
)
PAGE = "<!doctype html>\n<html>\n  <head>\n    <title>Lyrics</title>\n" + CONFIG + "</head>\n</html>\n"
PATH = "test/rsrc/lyrics/site/song.txt"


def values(text: str, language: str | None, path: str = PATH) -> list[str]:
    return [text[f.start : f.end] for f in REC.find_at(text, language, path)]


def test_service_keys_in_a_whole_page_stay_and_session_values_go() -> None:
    assert values(PAGE, "Text") == [SESSION[::-1], SESSION]


def test_the_same_configuration_outside_a_whole_page_is_judged_as_before() -> None:
    # A template fragment or a program is not a page as served: its keys are redacted.
    assert values(CONFIG, "HTML") == [PUSHER, BUGSNAG, UPLOAD, SESSION[::-1], SESSION]
    program = "<!doctype html>\n" + f'pusher_app_key = "{PUSHER}"\n'
    assert values(program, "Python", "app/settings.py") == [PUSHER]


@pytest.mark.parametrize(
    ("name", "client"),
    [("pusher_app_key", True), ("mixpanel_token", True), ("embedly_key", True), ("googleMapsApiKey", True),
     ("api_key", False), ("apiKey", False), ("app_key", False), ("csrf_token", False), ("access_token", False),
     ("stripe_secret_key", False), ("userToken", False), ("mixpanel_secret", False), ("intercom_user_token", False)],
)
def test_service_client_key_names(name: str, client: bool) -> None:
    assert is_service_client_key(name_words(name)) is client


@pytest.mark.parametrize(
    ("text", "page"),
    [("<!doctype html>\n<html>", True), ("\ufeff<!DOCTYPE HTML PUBLIC '-//W3C//DTD HTML 4.01//EN'>", True),
     ("<!-- saved from url -->\n<html lang='en'>", True), ("{% extends 'base.html' %}\n<html>", False),
     ("<div>key</div>\n<html>", False), ("<htmlish>", False)],
)
def test_whole_pages(text: str, page: bool) -> None:
    assert is_served_page(text) is page
