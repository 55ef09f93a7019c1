"""The labelling rules of the real-code PII benchmark, as run (see pii_real_labels.md).

Written by reading the candidates (values on screen from the benchmark cache (bench_paths.py), never in the repository); run
over the enriched candidates to give every candidate a label, after which every candidate where
these rules and our recognizers differed was read again. Input: the benchmark cache's pii_real//candidates.jsonl
(`pii_real_label.py candidates-from-finished-scan` then `enrich`); output:
the benchmark cache's pii_real//decisions.json, which `pii_real_label.py write-labels` turns into the TSV.
Kept as run (a labelling record, not pipeline code).

    python benchmarks/pii_real_rules.py the benchmark cache's pii_real//candidates.jsonl
"""
import json, re, sys, ipaddress
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pii.email_recognizer import top_level_domains   # the public-suffix TLD list: the definition of "a real domain"
TLDS = top_level_domains()
SRC = sys.argv[1]
MANUAL: dict = {}
CODE = {"Python", "JavaScript", "TypeScript", "C", "C++", "Go", "Rust", "Java", "Perl", "Ruby", "PHP", "Shell", "C#"}
PLACE_DOM = {"domain.com","domain.tld","domain.org","domain.net","email.com","company.com","yourdomain.com","mydomain.com",
             "foo.com","bar.com","foo.bar","foobar.com","test.com","host.com","server.com","site.com","mail.com","b.com","x.com",
             "e.com","a.com","c.com","d.com"}
PLACE_LOC = {"user","username","name","email","you","me","someone","foo","bar","test","example","john","jane","a","b","c","x",
             "admin","info","john.doe","jane.doe","your","yourname","your.name","firstname.lastname"}
COMMENT = re.compile(r"[ \t]*(?://|#|\*|/\*|--|;|%)")
def span_of(c, typ, prefer="ours"):
    views = [v for v in c['views'] if v[1] == typ or (typ in ("KEY","PASSWORD") and v[1] == "SECRET")]
    ours = [v for v in views if v[0] == "ours"]
    v = (ours or views)[0]
    return v[2], v[3]
def text_at(c, s, e):
    off = s - c['start']; return c['value'][off: off + (e - s)]
def email_label(c):
    s, e = span_of(c, "EMAIL")
    val = text_at(c, s, e)
    lead = len(val) - len(val.lstrip("'\"`/{(:!#$%&*+=?^|~ <[."))
    s += lead; val = val[lead:]
    local, _, dom = val.rpartition('@'); d = dom.lower(); labels = d.split('.')
    before = c['before'] + c['value'][:s - c['start']]; after = c['value'][e - c['start']:] + c['after']
    line_head = before.split('\n')[-1]
    none = (not local or labels[-1] not in TLDS or 'example' in labels or d.endswith('noreply.github.com')
            or local.lower() in ('noreply','no-reply','do-not-reply','donotreply','no_reply')
            or (d in PLACE_DOM and (local.lower() in PLACE_LOC or len(local) == 1))
            or re.match(r"[\w-]", after) is not None                             # domain runs on: invalid
            or re.search(r"://\w+:[^/@'\"\n]*$", before) is not None            # user info with a space
            or re.fullmatch(r"[0-9.]{16,}", local) is not None
            or re.match(r":[\w~.-]*/", after) is not None                      # scp remote
            or re.search(r"://[^\s/@'\"]*$", before) is not None                # URL user info
            or re.search(r"(?i)(message-id|in-reply-to|references)\s*:", line_head) is not None
            or re.fullmatch(r"[0-9A-Fa-f-]{24,}|[*]+", local) is not None       # message ids, masked
            or re.search(r"[^A-Za-z0-9._%+-]", local) is not None or len(local) > 64   # syntax test vectors
            or (d in ("openssh.com","ssh.com","libssh.org")
                and (re.search(r"[\d-]", local) is not None or local in ("zlib", "keepalive", "hostkeys"))))
    return ("NONE" if none else "EMAIL"), s, e, 0
def ip_label(c, language, path):
    s, e = span_of(c, "IP_ADDRESS")
    val = text_at(c, s, e)
    before = c['before'] + c['value'][:s - c['start']]; after = c['value'][e - c['start']:] + c['after']
    line = before.split('\n')[-1] + val + after.split('\n')[0]
    head = before.split('\n')[-1]
    none = False
    m = re.match(r"/(\d{1,3})", after)
    if m and m.group(1) not in ("32", "128"): none = True                       # a network
    if after.startswith(".in-addr.arpa"):
        try: none = none or not ipaddress.ip_address(".".join(reversed(val.split(".")))).is_global
        except ValueError: pass
    if re.search(r"(?i)ection\b|\boid|objectidentifier|NAME '|attributetypes|objectclass|_IN\(|SYNTAX|=#", line): none = True
    if re.search(r"(?i)section|§|\brfc|\[MS-|\bMS-|as per|_`", head): none = True
    if re.match(r"[ \t]*(?:[#*/;%-]+[ \t]*)?$", head) and re.match(r"\.?[ \t]+[A-Z]", after): none = True   # heading
    if re.search(r"(?i)version|pycurl|release|botched|==|\bv$", head) or re.match(r"[ \t]*[-(][ \t]*\(?20\d\d", after): none = True
    if head == " " and (path.endswith(".ldif") or "schema" in path.lower()): none = True   # LDIF folded line
    if ":" in val and (val.endswith("::") or re.fullmatch(r"::[0-9a-fA-F]{1,4}", val)): none = True
    if re.search(r"\(8\.16\.0\.20/", before[-20:]): none = True               # sendmail version pair
    code = language in CODE
    comment = COMMENT.match(line) is not None
    doctest = re.match(r"[ \t]*(>>>>?|\.\.\.)[ \t]", line) is not None
    test = re.search(r"(^|/)(tests?|t|spec)(/|_)|test_|_test\.|\.test\.", path) is not None
    meaning = int(code and not comment and (test or doctest or none
                   or re.search(r"len\(|\.length|\.len\(\)|sizeof|strlen|assert|parse", line) is not None))
    return ("NONE" if none else "IP_ADDRESS"), s, e, meaning
out = {}
for n, l in enumerate(open(SRC)):
    c = json.loads(l)
    if str(n) in MANUAL:
        out[str(n)] = MANUAL[str(n)]; continue
    types = {v[1] for v in c['views']}
    if "EMAIL" in types:
        out[str(n)] = list(email_label(c))
    elif "IP_ADDRESS" in types:
        out[str(n)] = list(ip_label(c, c.get('language'), c['path']))
json.dump(out, open('the benchmark cache's pii_real//decisions.json', 'w'))
from collections import Counter
print(Counter(v[0] for v in out.values()), sum(v[3] for v in out.values()))

# ---- secrets ---------------------------------------------------------------------------------
import base64 as _b64
DOCUMENTED = {"2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA", "dpf43f3p2l4k3l03", "kd94hf93k423kf44", "hh5s93j4hdidpola",
              "hdhd0244k9j7ao03", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00", "9djdj82h48djs9d2", "kkk9d7dh3k39sjv7",
              "JBSWY3DPEHPK3PXP", "AKIAIOSFODNN7EXAMPLE"}
DUMMY = re.compile(r"(?i)test|pass|secret|example|dummy|fake|foo|bar|baz|^my|some|your|key|token|change|hello|whatever|sikrit|seekrit|abc|xyz|123456|qwerty|admin|user|zzzz|xxxx|\*\*\*")
DUMMY_PW = re.compile(r"(?i)^(foo|bar|baz|qux|secret|test|testing|password|admin|root|user|guest|none|null|whatever|changeme|dummy|value|string|true|false|wrong|bogus)$|pass|secret|example|your|change|[{$<%]|\*\*\*|\.\.\.")
PEM_FILES = ("tests/test_crypto.py", "jwcrypto/tests.py", "keys/testkey_ed25519", "backends/test_keycloak.py")
def jwt_public(v):
    try:
        h = json.loads(_b64.urlsafe_b64decode(v.split('.')[0] + '==='))
        p = json.loads(_b64.urlsafe_b64decode(v.split('.')[1] + '==='))
    except Exception:
        return False
    return str(h.get('alg', '')).lower() in ('', 'none') or (isinstance(p, dict) and p.get('sub') == '1234567890')
import hmac as _hmac, hashlib as _hashlib
from bench_paths import PII_WORK  # noqa: E402
def hs_public(v, c):
    """HS-signed token whose secret is published (documented example secrets, or a literal nearby)."""
    try:
        h = json.loads(_b64.urlsafe_b64decode(v.split('.')[0] + '==='))
        sig = _b64.urlsafe_b64decode(v.split('.')[2] + '===')
    except Exception:
        return False
    alg = {"HS256": _hashlib.sha256, "HS384": _hashlib.sha384, "HS512": _hashlib.sha512}.get(str(h.get('alg')))
    if alg is None:
        return False
    cands = {"secret", "your-256-bit-secret", "key", "my-secret", "secret-key", "test", "password"}
    cands |= set(re.findall(r"['\"]([^'\"\n]{1,64})['\"]", c['before'] + c['after']))
    msg = v.rsplit('.', 1)[0].encode()
    return any(_hmac.compare_digest(_hmac.new(k.encode(), msg, alg).digest(), sig) for k in cands)
def secret_label(c):
    views = c['views']
    ours = [v for v in views if v[0] == 'ours' and v[1] in ('KEY', 'PASSWORD', 'PRIVATE_KEY')]
    others = [v for v in views if v[0] != 'ours' and v[1] in ('KEY', 'PASSWORD', 'PRIVATE_KEY', 'SECRET')]
    v = (ours or others)[0]
    s, e = v[2], v[3]; t = v[1]
    val = text_at(c, s, e)
    before = (c['before'] + c['value'][:s - c['start']]).split('\n')[-1]
    if val.startswith('eyJ'):   # detect-secrets' JWT match may stop short: take the whole token
        tail = re.match(r"[A-Za-z0-9_.-]*", c['value'][e - c['start']:] + c['after']).group()
        val += tail; e += len(tail)
    name = [w for w in re.findall(r"[A-Za-z_][\w.-]*", before) if w not in ("b", "r", "u", "f", "rb", "br")]
    last = name[-1].lower() if name else ''
    if t == 'SECRET':
        t = 'PASSWORD' if re.search(r"(?i)pass|pwd", before[-40:]) else 'KEY'
    words = re.findall(r"[a-z]+", last)
    none = ("update_password" in before or val in DOCUMENTED or val.endswith("...") or val.startswith("GEZDGNBVGY3TQOJQ")
            or (words and words[-1] in ("sid", "id", "salt", "hasher", "keyid", "signature", "sig"))
            or (val.startswith('eyJ') and val.count('.') < 2)
            or (val.startswith('eyJ') and val.count('.') == 2 and hs_public(val, c)) or re.search(r"(?i)(signature|sig|salt|hmac|nonce|digest|hash)['\"\]]?\s*[:=,(]?\s*['\"]?$", before) is not None
            or re.search(r"(?i)(encrypted|wrapped|public)_?\w*['\"]?\s*[:=]\s*['\"]?$", before) is not None
            or re.fullmatch(r"[\w.-]+\.(json|pem|key|txt|der)", val) is not None
            or ('AgEBMCwGByqGSM49AQEC' in val)
            or (val.startswith('eyJ') and val.count('.') < 2)
            or (val.startswith('eyJ') and val.count('.') == 2
                and (jwt_public(val) or c.get('language') in ("Markdown", "reStructuredText", "Text", "HTML"))))
    if not ours:
        if t == 'PRIVATE_KEY':
            none = none or not (c['path'].endswith(PEM_FILES) and 'BEGIN' in val and not c['after'].strip("-'\" \\nb"))
        else:
            core = val.split('@')[0] if t == 'PASSWORD' and '@' in val else val
            if t == 'PASSWORD':   # the same policy as for every password label: a literal that is not a stand-in
                credential = (len(core) >= 4 and ' ' not in core and not DUMMY_PW.search(core))
            else:
                credential = (len(core) >= 16 and re.search(r"\d", core) and re.search(r"[A-Za-z]", core)
                              and not DUMMY.search(core) and ' ' not in core)
            none = none or not credential
    return ("NONE" if none else t), s, e, 0

out2 = json.load(open(PII_WORK / 'decisions.json'))
for n, l in enumerate(open(SRC)):
    c = json.loads(l)
    if str(n) in MANUAL:
        out2[str(n)] = MANUAL[str(n)]; continue
    types = {v[1] for v in c['views']}
    if types & {'KEY', 'PASSWORD', 'PRIVATE_KEY', 'SECRET'}:
        key = str(n) if not types & {'EMAIL', 'IP_ADDRESS'} else f"{n}#secret"
        out2[key] = list(secret_label(c))
json.dump(out2, open('the benchmark cache's pii_real//decisions.json', 'w'))
print(Counter(v[0] for v in out2.values()))
