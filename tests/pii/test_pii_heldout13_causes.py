"""The thirteenth held-out set's causes (issue 23): database URLs of real services hard-coded in a test
fixture, a CI service's stock `postgres`/`postgres`, and example passwords that are the word itself.

Values are typed here for the test (no real credential): the shapes are the set's, not its values.
"""

from pii.password_recognizer import PasswordRecognizer

REC = PasswordRecognizer()


def found(text: str, language: str | None, path: str) -> list[str]:
    return [text[f.start : f.end] for f in REC.find_at(text, language, path)]


def test_a_word_as_the_password_of_a_real_service_host_is_a_credential_even_in_a_test() -> None:
    """A test fixture's `DATABASE_URL` to a cloud database host: the password is the service's, not a
    fixture word for the suite's own server."""
    real = "    POSTGRES = 'postgres://u0x7k2:qelimvbr@ec2-198-51-100-7.compute-1.amazonaws.com:5431/d8x2'\n"
    assert found(real, "Python", "tests/fixtures.py") == ["qelimvbr"]
    own = real.replace("ec2-198-51-100-7.compute-1.amazonaws.com", "localhost")
    assert found(own, "Python", "tests/fixtures.py") == []
    made_up = real.replace("ec2-198-51-100-7.compute-1.amazonaws.com", "db.example.com")
    assert found(made_up, "Python", "tests/fixtures.py") == []


def test_a_long_number_is_a_url_password_and_a_port_is_not() -> None:
    mysql = "DATABASE_MYSQL_URL=mysql://b7e3a90:58163907@us-cdbr-east.cleardb.com/heroku_41?reconnect=true\n"
    assert found(mysql, None, "tests/test_env.txt") == ["58163907"]
    confused = "    ('http://example.com:8080@attacker.test/', 'attacker.test'),\n"
    assert found(confused, "Python", "tests/test_parse.py") == []


def test_a_password_equal_to_the_user_set_beside_it_is_a_stock_default() -> None:
    ci = ("    services:\n      postgres:\n        image: postgres\n        env:\n"
          "          POSTGRES_USER: postgres\n          POSTGRES_PASSWORD: postgres\n          POSTGRES_DB: app\n")
    assert found(ci, "YAML", ".github/workflows/build.yml") == []
    chosen = ci.replace("POSTGRES_PASSWORD: postgres", "POSTGRES_PASSWORD: Vq7rLt2xWm")
    assert found(chosen, "YAML", ".github/workflows/build.yml") == ["Vq7rLt2xWm"]


def test_the_word_password_written_with_signs_and_a_dummy_word_in_signs_are_no_passwords() -> None:
    docs = "    postgres://user:p%23ssword!@localhost/foobar\n"
    assert found(docs, "reStructuredText", "README.rst") == []
    test = '        cli.connect_uri("postgres://bar%5E:%5Dfoo@baz.com/testdb%5B")\n'
    assert found(test, "Python", "tests/test_main.py") == []
    assert found('DB_PASSWORD = "p4ssw0rdKq9"\n', "Python", "app/settings.py") == ["p4ssw0rdKq9"]


def test_the_word_password_with_diacritics_and_foobar_on_a_real_host_stay() -> None:
    """A URL library's Unicode fixture (`pässword` on the snowman's real domain) and WHATWG's test data
    (`foobar`): the word itself and a metasyntactic word, whatever host they are written for."""
    iri = '    assert iri_to_uri("http://\\u00fcser:p\\u00e4ssword@\\u2603.net/") == "http://%C3%BCser:p%C3%A4ssword@xn--n3h.net/"\n'
    assert found(iri, "Python", "tests/test_urls.py") == []
    assert found('    "href": "http://%25DOMAIN:foobar@foodomain.com/",\n', "JSON", "tests/models/whatwg.json") == []
