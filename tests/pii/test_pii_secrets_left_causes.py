"""Causes found by reading what an independent detector (detect-secrets) still finds in the published
output of the benchmark corpus (benchmarks/README.md, "Credentials left in published output").
Values are digests of made-up phrases."""

import hashlib

from pii.redact import Redactor

_SECRET_KEY_BASE = hashlib.sha512(b"a made-up application secret").hexdigest()


def test_rails_secret_key_base_is_a_secret(redactor: Redactor) -> None:
    """Rails derives every signed cookie and encrypted credential from `secret_key_base`; a test
    app's `secrets.yml` and a test server's `config.secret_key_base = "…"` hard-code it. The name
    ends in `base`, which no key word matched, so all three stayed."""
    secrets = (
        f"development:\n  secret_key_base: {_SECRET_KEY_BASE}\n\n"
        f"test:\n  secret_key_base: {_SECRET_KEY_BASE[::-1]}\n"
    )
    assert redactor.redact(secrets, "YAML", "activestorage/test/dummy/config/secrets.yml").counts == {"KEY": 2}
    server = f'class TestApp < Rails::Application\n  config.secret_key_base = "{_SECRET_KEY_BASE}"\nend\n'
    assert redactor.redact(server, "Ruby", "actionview/test/ujs/server.rb").counts == {"KEY": 1}
    names = "rows = Model.where(key_base: params[:key_base]).to_a\n"
    assert redactor.redact(names, "Ruby", "app/models/lookup.rb").counts == {}
