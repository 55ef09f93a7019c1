"""The Presidio analyzer used by the pii stage: code-aware recognizers, no NLP model.

`NoOpNlpEngine` keeps Presidio from loading (or downloading) a spaCy model; every recognizer here
is self-contained. Only the recognizers of enabled entity types are registered, so a switched-off
type costs nothing.
"""

from collections.abc import Iterable

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NoOpNlpEngine

from pii.cookie_recognizer import CookieRecognizer
from pii.email_recognizer import EmailRecognizer
from pii.entities import EMAIL, IP_ADDRESS, KEY, PASSWORD, PRIVATE_KEY
from pii.ip_recognizer import IpRecognizer
from pii.jwk_recognizer import JwkRecognizer
from pii.key_recognizer import KeyRecognizer
from pii.password_recognizer import PasswordRecognizer
from pii.private_key_recognizer import PrivateKeyRecognizer
from pii.recognizer_base import ANALYZER_LANGUAGE, CodeRecognizer
from pii.secret_recognizer import SecretRecognizer


def code_recognizers(entities: Iterable[str]) -> list[CodeRecognizer]:
    """One recognizer per family, for the given entity types only."""
    wanted = set(entities)
    recognizers: list[CodeRecognizer] = []
    if PRIVATE_KEY in wanted:
        recognizers.append(PrivateKeyRecognizer())
    if PRIVATE_KEY in wanted or KEY in wanted:
        recognizers.append(JwkRecognizer())
    if KEY in wanted:
        recognizers += [KeyRecognizer(), SecretRecognizer(), CookieRecognizer()]
    if PASSWORD in wanted:
        recognizers.append(PasswordRecognizer())
    if EMAIL in wanted:
        recognizers.append(EmailRecognizer())
    if IP_ADDRESS in wanted:
        recognizers.append(IpRecognizer())
    return recognizers


def build_analyzer(entities: Iterable[str]) -> AnalyzerEngine:
    registry = RecognizerRegistry(recognizers=code_recognizers(entities), supported_languages=[ANALYZER_LANGUAGE])
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": ANALYZER_LANGUAGE, "model_name": "none"}])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[ANALYZER_LANGUAGE])
