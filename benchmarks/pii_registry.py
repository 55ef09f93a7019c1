"""Fetch and unpack the pinned real packages of the PII benchmark (PyPI sdists and npm tarballs).

No package code ever runs: PyPI sdists are fetched from the URL the JSON API lists and checked
against its sha256 (never `pip download`, which runs the build backend); npm tarballs come from the
registry's `dist.tarball` URL. Archives are read member by member with tarfile/zipfile, in memory,
never extracted to disk, so a hostile member name cannot escape. Downloads go to the shared cache
the benchmark cache's registry/ (bench_paths.py)/{pypi,npm}/ (NAME.part, then rename), and every archive is checked against the
sha256 committed in `pii_real_packages.tsv`.

    python benchmarks/pii_registry.py pin     # (re)write the pinned list from CANDIDATES
    python benchmarks/pii_registry.py fetch   # download what the pinned list names
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tarfile
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple
from bench_paths import REGISTRY  # noqa: E402

HERE = Path(__file__).resolve().parent
PINNED = HERE / "pii_real_packages.tsv"
CACHE = REGISTRY
MAX_ARCHIVE = 4_000_000  # bytes: big sdists are mostly data, and the labels must stay readable
MAX_FILE = 1_000_000  # members larger than this are data blobs, skipped (the pipeline's filters drop them too)
MAX_TEXT = 5_000_000  # bytes of text per package: SDK giants (generated API clients) would drown the rest

# Chosen for density of personal data and secrets: JWT/JOSE/crypto libraries (test keys, JWKs, PEM
# fixtures, JWT examples), auth/OAuth/SSH/LDAP/mail/DNS/IP clients (addresses, hosts, passwords in
# samples), old projects with AUTHORS files and changelogs, config-heavy tools. Names only; versions
# and hashes are pinned by `pin`.
PYPI_CANDIDATES = """
pyjwt python-jose jwcrypto authlib joserfc josepy jwt jwskate oauthlib requests-oauthlib oauth2client rauth
requests-oauth2client httpx-oauth flask-jwt-extended djangorestframework-simplejwt django-oauth-toolkit
mozilla-django-oidc social-auth-core social-auth-app-django django-allauth dj-rest-auth django-rest-knox
flask-login flask-httpauth flask-bcrypt flask-dance flask-mail django-otp django-two-factor-auth pyotp
webauthn fido2 passlib pwdlib bcrypt ecdsa rsa pyasn1 pyasn1-modules asn1crypto oscrypto certvalidator
ocspbuilder pyopenssl service-identity trustme truststore certifi pem paramiko asyncssh sshtunnel
sshpubkeys scp fabric invoke pysftp python-gnupg pgpy pynacl pycryptodome miscreant http-ece
http-message-signatures mohawk requests-aws4auth aws-requests-auth requests-auth-aws-sigv4
aws-secretsmanager-caching hvac keyring keyrings-alt secretstorage msal msal-extensions google-auth
google-auth-oauthlib google-auth-httplib2 google-reauth pydata-google-auth gcloud-aio-auth
requests-ntlm ntlm-auth pyspnego requests-kerberos pykerberos kerberos ldap3 ldaptor django-auth-ldap
python3-saml pysaml2 signxml xmlsec itsdangerous python-jose-cryptodome detect-secrets
dnspython dnslib aiodns netaddr ipaddress ipwhois ip2location maxminddb geoip2 netifaces ifaddr
pysnmp scapy zeroconf dpkt pyroute2 ipcalc iptools publicsuffix2 tldextract validators
email-validator validate-email email-reply-parser mail-parser imapclient imap-tools aiosmtplib
aiosmtpd premailer emails django-anymail django-ses flanker pyzmail36 mailchecker yagmail
requests urllib3 httplib2 httpx h11 pycurl websocket-client websockets aiohttp tornado twisted
gunicorn waitress werkzeug flask bottle cherrypy paste pastedeploy webob pyramid falcon hug
six docutils pygments jinja2 markupsafe babel pytz python-dateutil simplejson pyyaml chardet idna
configobj configparser python-dotenv environs dynaconf decouple python-decouple everett
sqlalchemy psycopg2 pymysql mysqlclient redis pymongo cassandra-driver elasticsearch kombu celery
amqp pika paho-mqtt boto s3transfer smart-open fsspec ansible-core salt-ssh netmiko napalm ncclient
junos-eznc pexpect ptyprocess sh plumbum docopt click colorama termcolor tqdm mock nose pytest-httpserver
responses httpretty vcrpy betamax requests-mock freezegun faker mimesis factory-boy
python-ldap pywinrm smbprotocol pysmb impacket ldapdomaindump shodan censys virustotal-api
slack-sdk slackclient python-telegram-bot tweepy twilio sendgrid stripe github3-py pygithub
python-gitlab jira atlassian-python-api zenpy hubspot-api-client mailchimp3 pysnow
""".split()
NPM_CANDIDATES = """
jsonwebtoken jose node-forge jws jwa jwk-to-pem node-rsa jwks-rsa express-jwt passport-jwt passport
passport-local passport-oauth2 oauth oauth-sign openid-client oidc-provider jwt-decode jsrsasign
crypto-js elliptic tweetnacl bcryptjs bcrypt-nodejs scrypt-js pbkdf2 hash.js sshpk ssh2 ssh2-streams
http-signature selfsigned pem node-jose asn1.js asn1 ecdsa-sig-formatter buffer-equal-constant-time
semver ip ipaddr.js ip-regex is-ip netmask cidr-regex ip-address address default-gateway
nodemailer validator email-validator mailparser emailjs smtp-server imap node-imap mailgun-js
request request-promise got axios superagent needle node-fetch form-data tough-cookie
express body-parser cookie cookie-parser express-session cookie-session csurf helmet cors
dotenv config nconf rc convict yargs commander minimist debug mkdirp glob rimraf async
mysql mysql2 pg mongodb redis ioredis mongoose sequelize knex tedious
aws-sdk aws4 @aws-sdk/credential-providers googleapis google-auth-library firebase-admin
twilio @sendgrid/mail stripe @slack/web-api octokit @octokit/rest
socks socks-proxy-agent https-proxy-agent http-proxy-agent proxy-agent agent-base
ws faye-websocket sockjs engine.io socket.io
""".split()


class Package(NamedTuple):
    ecosystem: str  # "pypi" or "npm"
    name: str
    version: str
    filename: str
    sha256: str
    url: str


def _get(url: str, timeout: float = 60) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "codecurate-benchmark"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _cache_path(package: Package) -> Path:
    return CACHE / package.ecosystem / package.filename


def _archive_url(package: Package) -> str:
    """npm: the pinned tarball URL. PyPI: the sdist URL its JSON API lists now for that file (the
    index may serve files from another host, or relative to the API, over time)."""
    if package.ecosystem == "npm":
        return package.url
    api = f"https://pypi.org/pypi/{urllib.parse.quote(package.name)}/json"  # lists every release's files
    releases = json.loads(_get(api))["releases"]
    listed = [u for u in releases.get(package.version, []) if u["filename"] == package.filename]
    if not listed:
        raise ValueError(f"{package.filename} no longer listed by PyPI")
    return urllib.parse.urljoin(api, listed[0]["url"])


def download(package: Package) -> bytes:
    """The archive's bytes, from the cache or the registry, checked against the pinned sha256."""
    path = _cache_path(package)
    if path.exists():
        data = path.read_bytes()
    else:
        data = _get(_archive_url(package))
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        part.write_bytes(data)
        part.rename(path)
    if hashlib.sha256(data).hexdigest() != package.sha256:
        raise ValueError(f"sha256 mismatch for {package.ecosystem}:{package.name}=={package.version}")
    return data


def _pin_pypi(name: str) -> Package | None:
    meta = json.loads(_get(f"https://pypi.org/pypi/{urllib.parse.quote(name)}/json"))
    version = meta["info"]["version"]
    sdists = [u for u in meta["urls"] if u["packagetype"] == "sdist"]
    if not sdists or sdists[0]["size"] > MAX_ARCHIVE:
        return None
    sdist = sdists[0]
    return Package("pypi", meta["info"]["name"], version, sdist["filename"], sdist["digests"]["sha256"], "-")


def _pin_npm(name: str) -> Package | None:
    meta = json.loads(_get(f"https://registry.npmjs.org/{name.replace('/', '%2F')}/latest"))
    dist = meta["dist"]
    if dist.get("unpackedSize", 0) > 4 * MAX_ARCHIVE:
        return None
    url = dist["tarball"]
    data = _get(url)
    if hashlib.sha1(data).hexdigest() != dist["shasum"]:
        raise ValueError(f"npm shasum mismatch for {name}")
    package = Package("npm", name, meta["version"], url.rsplit("/", 1)[-1], hashlib.sha256(data).hexdigest(), url)
    if name.startswith("@"):
        package = package._replace(filename=name[1:].replace("/", "__") + "-" + package.filename.rsplit("-", 1)[-1])
    path = _cache_path(package)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_name(path.name + ".part").write_bytes(data)
    path.with_name(path.name + ".part").rename(path)
    return package


def _try(pin, name: str) -> Package | None:  # type: ignore[no-untyped-def]
    try:
        return pin(name)
    except Exception as error:  # noqa: BLE001 - a missing or odd package is skipped, and said so
        print(f"skip {name}: {type(error).__name__} {error}", file=sys.stderr)
        return None


def pin() -> list[Package]:
    with ThreadPoolExecutor(4) as pool:
        pypi = list(pool.map(lambda n: _try(_pin_pypi, n), dict.fromkeys(PYPI_CANDIDATES)))
        npm = list(pool.map(lambda n: _try(_pin_npm, n), dict.fromkeys(NPM_CANDIDATES)))
    packages = [p for p in pypi + npm if p is not None and _text_bytes(p) <= MAX_TEXT]
    lines = ["ecosystem\tname\tversion\tfilename\tsha256\turl"] + ["\t".join(p) for p in packages]
    PINNED.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return packages


def _text_bytes(package: Package) -> int:
    return sum(len(raw) for _, raw in members(package, download(package)) if b"\0" not in raw[:8192])


def pinned() -> list[Package]:
    rows = PINNED.read_text(encoding="utf-8").splitlines()[1:]
    return [Package(*row.split("\t")) for row in rows if row.strip()]


def members(package: Package, data: bytes) -> Iterator[tuple[str, bytes]]:
    """(path inside the package, bytes) of every regular file, read in memory."""
    if package.filename.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.is_dir() and info.file_size <= MAX_FILE:
                    yield info.filename, archive.read(info)
        return
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for member in archive:
            if member.isfile() and member.size <= MAX_FILE:
                handle = archive.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read()


def fetch_all(packages: list[Package]) -> None:
    with ThreadPoolExecutor(4) as pool:
        for package, _ in zip(packages, pool.map(lambda p: _try(download, p), packages)):
            pass


if __name__ == "__main__":
    if sys.argv[1:] == ["pin"]:
        print(len(pin()), "packages pinned")
    elif sys.argv[1:] == ["fetch"]:
        fetch_all(pinned())
    else:
        sys.exit(__doc__)
