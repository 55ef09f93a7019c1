"""Keys a web page hands to every visitor: public by design, not credentials.

A saved or captured HTML page (a test fixture of a scraper, a lyrics site's page) carries the
configuration its scripts need in the browser: the page's analytics, push, embed, upload and
error-reporting services are each reached with a key named after the service (`pusher_app_key`,
`mixpanel_token`, `react_bugsnag_api_key`, `embedly_key`). Whoever loads the page gets them, so
they protect nothing; the services' secrets stay on the server and never reach a page. This is the
CAPTCHA site-key rule (`secret_recognizer.is_site_key`) for the other services a page embeds.

What a page may still carry that is somebody's is what a logged-in session adds: session, CSRF and
access tokens, a user's own API key or token (`api_key`, `user_token`, `personal_access_token`).
So the rule needs both halves: the file is a whole HTML document (it starts with `<!doctype html>`
or `<html>`: a page as served, not a template fragment or a program), and the name is a service's
client key — a service word before the key word, and no word of a session, a user or a secret.
"""

import re

_DOCUMENT_START = re.compile(r"\A(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_KEY_WORDS = frozenset({"key", "apikey", "appkey", "token", "sitekey", "publickey", "clientkey"})
# Words that tie a value to a session, a person or a server-side secret.
_PRIVATE_WORDS = frozenset(
    {
        "session", "sess", "sid", "csrf", "xsrf", "access", "refresh", "id", "auth", "authorization", "bearer",
        "oauth", "login", "user", "account", "personal", "private", "secret", "signing", "master", "admin",
        "password", "cookie", "jwt", "my", "your", "current", "viewer", "member", "customer", "server", "write",
    }
)
# Words that only say what kind of key it is: they name no service.
_GENERIC_WORDS = frozenset({"api", "app", "client", "public", "pub", "site", "the", "default", "js", "web", "v"})


def is_served_page(text: str) -> bool:
    """The text is a whole HTML document, as a server sends it (leading comments allowed)."""
    return _DOCUMENT_START.match(text[:4096]) is not None


def is_service_client_key(words: list[str]) -> bool:
    """`pusher_app_key`, `mixpanel_token`, `ana_api_key`: a key word after a service's name, with no
    word of a session, a user or a secret (`api_key`, `csrf_token`, `stripe_secret_key` are not)."""
    words = [word.rstrip("0123456789") for word in words]
    if len(words) < 2 or words[-1] not in _KEY_WORDS or any(word in _PRIVATE_WORDS for word in words):
        return False
    return any(word and word not in _GENERIC_WORDS and word not in _KEY_WORDS for word in words[:-1])
