import pytest

from pii.password_recognizer import PasswordRecognizer

REC = PasswordRecognizer()
PW = "Tr0ub4dor&3x"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (f'DB_PASSWORD = "{PW}"', "Python"),
        (f'psycopg2.connect(host="db", password="{PW}")', "Python"),
        (f"const config = {{ password: '{PW}' }};", "JavaScript"),
        (f'ds.setPassword("{PW}");', "Java"),
        (f'props.put("password", "{PW}");', "Java"),
        (f'Password: "{PW}",', "Go"),
        (f'#define WIFI_PASS "{PW}"', "C"),
        (f"export PGPASSWORD='{PW}'", "Shell"),
        (f"mysql -u root --password='{PW}' shop", "Shell"),
        (f'mysql -u root --password "{PW}" shop', "Shell"),
        (f"  password: {PW}", "YAML"),
        (f'{{"smtp_password": "{PW}"}}', "JSON"),
        (f"DB_PASSWORD={PW}", "Dotenv"),
        (f"[db]\npassword = {PW}\n", "INI"),
        (f"DB_PASS={PW}", None),
        (f'url = "postgres://app:{PW}@db.internal:5432/orders"', "Python"),
        (f'"Server=sql01;Database=shop;User Id=svc;Password={PW};"', "C#"),
        (f'"Pwd={PW};Server=sql01"', "Python"),
        (f"<password>{PW}</password>", "XML"),
        (f'$password = "{PW}";', "PHP"),
        (f'passwd := "{PW}"', "Go"),
    ],
)
def test_password_found(text: str, language: str | None, matched) -> None:
    assert matched(REC, text, language) == [PW]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("password = get_password()", "Python"),
        ("password = os.environ['DB_PASSWORD']", "Python"),
        ("password: str", "Python"),
        ("password: str", None),
        ('password = "changeme"', "Python"),
        ('password = "${DB_PASSWORD}"', "Python"),
        ("DB_PASSWORD=${DB_PASSWORD}", "Dotenv"),
        ('password = "%(password)s"', "Python"),
        ('password = "{{ vault_db_password }}"', "YAML"),
        ('password = "<your password>"', "Python"),
        ('password = "********"', "Python"),
        ('PASSWORD_FIELD = "password"', "Python"),
        ('password_min_length = "12345678"', "Python"),
        ('label = "Enter your password"', "JavaScript"),
        ('password = password.encode("latin1")', "Python"),
        ("c->password = g_strdup(value);", "C"),
        ("postgres://postgres:postgres@localhost/db", None),  # stock default, user == password
        ("https://host:8080@example", None),
        ("keywords = ['pass', 'return', 'yield']", "Python"),
        ("color = Colorizer('PASS', 'green')", "Python"),
        ('raise Error("--password requires a value")', "Python"),
        ("password = None", "YAML"),
        # dependencies whose name contains "password" list versions, not passwords
        ('  "pbkdf2-password": "1.2.1",', "JSON"),
        ('  "password-hash": "^2.0.0",', "JSON"),
        ('  "hash-password": ">=1.0.3 <2",', "JSON"),
        ('  "passwd-utils": "~1.4.x",', "JSON"),
        ('  "pass-gen-password": "npm:other-gen@1.0.0",', "JSON"),
        ("django-password-validators = \"1.7.3\"", "TOML"),
    ],
)
def test_password_look_alikes_ignored(text: str, language: str | None, matched) -> None:
    assert matched(REC, text, language) == []


def test_unicode_password(matched) -> None:
    text = 'password = "pässwörd-Grüße-42"\npassword = "Ключ2024!"'
    assert matched(REC, text, "Python") == ["pässwörd-Grüße-42", "Ключ2024!"]


def test_flag_value_stops_at_shell_operator(matched) -> None:
    assert matched(REC, "mysql --password=S3cure.pw7&& echo done", "Shell") == ["S3cure.pw7"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # calls that check or prompt for a password are not assignments of one
        ('  result = checkpasswd("host", i, config->proxyuserpwd);', "C"),
        ('ok = verifypassword("deploy-bot", attempt)', "Python"),
        ('pw = askpass("Vault for jo-brandt")', "Python"),
        # URL user information ends at `/`, `?` or `#`: a port and a query or fragment follow
        ("GET http://%HOSTIP:%HTTPPORT?email=name@host/ HTTP/1.1", None),
        ("http://%HOSTIP:%HTTPPORT#anchor@elsewhere/", None),
        ("https://svc.quillbyte-invented.io:8443/path:Kq93vLz@host", None),
    ],
)
def test_checks_and_url_parts_are_not_passwords(text: str, language: str | None, matched) -> None:
    assert matched(REC, text, language) == []


def test_url_password_before_the_host_still_found(matched) -> None:
    assert matched(REC, f"ftp://svc:{PW}@files.quillbyte-invented.io/pub?x=1#top", None) == [PW]


def test_password_in_a_query_string(matched) -> None:
    text = 'conn.request("GET", "/remote.do?method=query&loginname=svc&pwd=Kq93vLz7Tx2&resource=" + r)'
    assert matched(REC, text, "Python") == ["Kq93vLz7Tx2"]


def test_url_diagram_on_a_reserved_host_is_not_a_password(matched) -> None:
    assert matched(REC, "  foo://admin:hunter1@example.com:8042/over/there?name=ferret#nose", None) == []
    assert matched(REC, "  ftp://admin:hunter1@files.quillbyte-invented.io/pub", None) == ["hunter1"]


def test_fixture_word_passwords_in_test_code() -> None:
    text = 'connect = dict(username="slowdive", password="pygmalion")\n'
    assert list(REC.find_at(text, "Python", "tests/test_transport.py")) == []
    assert len(list(REC.find_at(text, "Python", "pkg/deploy.py"))) == 1  # outside tests it is a password
    mixed = f'connect = dict(username="svc", password="{PW}")\n'
    assert len(list(REC.find_at(mixed, "Python", "tests/test_transport.py"))) == 1  # not a plain word


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ('    "password": "PSWD",', "Python"),  # a protocol field code
        ("enc_password = '#PWD_BROWSER:0:{}:{}'.format(ts, pw)", "Python"),  # a format string
    ],
)
def test_field_codes_and_format_strings_are_not_passwords(text: str, language: str, matched) -> None:
    assert matched(REC, text, language) == []


ENCRYPTED_TEST_KEY = '''RSA_PEM = b"""-----BEGIN RSA PRIVATE KEY-----
Proc-Type: 4,ENCRYPTED
DEK-Info: DES-EDE3-CBC,0A1B2C3D4E5F6A7B

(body of the suite's own test key)
-----END RSA PRIVATE KEY-----"""

RSA_PASSPHRASE = b"918273"

def test_load():
    load_pem(RSA_PEM, password=RSA_PASSPHRASE)
'''


def test_passphrase_of_an_encrypted_test_key_in_test_code() -> None:
    """The suite's own encrypted key stays in test code (private_key_recognizer), so the passphrase
    beside it opens nothing unpublished; the same lines outside tests are a credential."""
    assert list(REC.find_at(ENCRYPTED_TEST_KEY, "Python", "pkg/tests.py")) == []
    assert len(list(REC.find_at(ENCRYPTED_TEST_KEY, "Python", "pkg/keystore.py"))) == 1
    plain = ENCRYPTED_TEST_KEY.replace("Proc-Type: 4,ENCRYPTED\n", "")
    assert len(list(REC.find_at(plain, "Python", "pkg/tests.py"))) == 1  # no encrypted key: a password


def test_url_password_of_control_bytes_is_a_decoder_input(matched) -> None:
    """`%00%00%00%00` decodes to NUL bytes nobody types: a URL decoder's test input."""
    assert matched(REC, 'TOTAL = "https://%75%73%65%72:%00%00%00%00@bücher-invented.ch:8080/a"', "Python") == []
    assert matched(REC, 'URL = "https://svc:%41x9%21Kq2@db.quillbyte-invented.io/a"', "Python") == ["%41x9%21Kq2"]


def test_percent_encoded_fixture_word_in_test_code() -> None:
    """A URL library's test writes its Unicode fixture password percent-encoded (`ålæg`): still a
    lower-case word, judged decoded; a mixed value is still a password."""
    text = "    assert f.url == 'https://k%C3%B8dp:%C3%A5l%C3%A6g@quillbyte.example/'\n"
    assert list(REC.find_at(text, "Python", "tests/test_url.py")) == []
    assert len(list(REC.find_at(text, "Python", "pkg/client.py"))) == 1
    mixed = "    assert f.url == 'https://svc:%C3%A5l%C3%A6g9X@quillbyte-invented.io/'\n"
    assert len(list(REC.find_at(mixed, "Python", "tests/test_url.py"))) == 1


SHELL_PW = "Xq7Lp2Vz9Kd4"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (f"curl -u admin:{SHELL_PW} https://ci.corp-invented.com/api/json", "Shell"),
        (f"curl --user 'deploy:{SHELL_PW}' -X POST https://ci.corp-invented.com/job/build", "Shell"),
        (f"    - curl -sf --user=ops:{SHELL_PW} https://registry.corp-invented.com/v2/", "YAML"),
        (f"mysql -h db.corp-invented.com -u root -p{SHELL_PW} shop < dump.sql", "Shell"),
        (f'os.system("mysqldump -uroot -p\'{SHELL_PW}\' shop > shop.sql")', "Python"),
        (f"machine api.corp-invented.com\n  login deploy\n  password {SHELL_PW}\n", None),
        (f"cat > ~/.netrc <<EOF\nmachine git.corp-invented.com login ci password {SHELL_PW}\nEOF\n", "Shell"),
        (f'REDIS_URL = "redis://:{SHELL_PW}@cache.corp-invented.com:6379/0"', "Python"),
    ],
)
def test_passwords_a_command_line_or_a_netrc_entry_takes(text: str, language: str | None, matched) -> None:
    """curl's `-u user:pass`, the MySQL clients' `-pPASS`, a netrc entry, and a Redis URL's password
    with no user before it."""
    assert matched(REC, text, language) == [SHELL_PW]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ('curl -u "$CI_USER:$CI_TOKEN" https://ci.corp-invented.com/api/json', "Shell"),
        ("curl -u admin https://ci.corp-invented.com/api/json", "Shell"),  # curl prompts
        ("docker run --user 1000:1000 -u app:app image", "Shell"),  # no curl: a uid:gid and a user:group
        ("mysql -u root -p shop < dump.sql", "Shell"),  # a space after -p: the client prompts
        ("mysql -u root -P 3306 -p$MYSQL_PWD shop", "Shell"),
        ("ssh -p2222 deploy@host.corp-invented.com", "Shell"),  # no MySQL client on the line
        ("machine api.corp-invented.com login deploy password $NETRC_PW", None),
    ],
)
def test_command_lines_whose_password_is_filled_in_or_absent(text: str, language: str | None, matched) -> None:
    assert matched(REC, text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "path"),
    [
        ('write("machine example.com login aaaa password bbbb\\n")', "Python", "tests/test_utils.py"),
        ('test: ["CMD", "mysqladmin", "ping -h 127.0.0.1 -umysql -pmysql --silent"]', "YAML", "e2e/compose.yaml"),
        ("curl -u jenkins:jenkins http://127.0.0.1:8080/api", "Shell", "scripts/smoke.sh"),
        ('{"href": "http://:%3A%40c@d:2/"}', "JSON", "tests/whatwg.json"),
    ],
)
def test_toys_and_stock_defaults_on_command_lines_and_in_urls(text: str, language: str, path: str) -> None:
    """A test's netrc line with a toy word (the `\\n` of its string literal is no part of it), a
    container's `-umysql -pmysql`, curl's `jenkins:jenkins`, and a URL parser's 3-character password."""
    assert [text[f.start : f.end] for f in REC.find_at(text, language, path)] == []
