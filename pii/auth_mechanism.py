"""The name of an authentication mechanism written where a password goes: `imaps://me%40host:oauth2@…`.

Mail and chat libraries let a URI or a config pick the login method through the password slot:
their docs tell users to write the literal keyword (`oauth2`, `xoauth2`) there, and the library then
authenticates by OAuth (or Kerberos, GSSAPI, NTLM) instead. The keyword is the same in every copy of
those docs and opens nothing. Names from the IANA SASL mechanism registry and the common spellings
of the OAuth modes; only the whole value counts (`oauth2Pa55!` is judged as a password).
"""

_MECHANISMS = frozenset(
    {
        "oauth", "oauth1", "oauth2", "xoauth", "xoauth2", "oauthbearer", "gssapi", "kerberos", "krb5", "ntlm",
        "sspi", "external", "anonymous", "cram-md5", "digest-md5", "scram-sha-1", "scram-sha-256",
    }
)


def is_auth_mechanism(value: str) -> bool:
    """The whole value names an authentication mechanism (`oauth2`, `XOAUTH2`, `GSSAPI`), any case."""
    return value.lower() in _MECHANISMS
