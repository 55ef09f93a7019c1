"""General causes the sixth held-out PII labels revealed (benchmarks/README.md, "A sixth held-out
set"). Fixtures are written here; domains and names are made up."""

from pii.redact import Redactor


def test_mailboxes_on_a_domain_that_says_your_own_are_template_slots(redactor: Redactor) -> None:
    """A web app's example settings comment out its mail defaults on a domain the reader is told to
    replace: any mailbox there is a slot to fill. A real-looking domain keeps the rule as before."""
    settings = (
        '# Make sure you set a valid domain name, otherwise the emails may get rejected.\n'
        '# DEFAULT_FROM_EMAIL = "mailing-lists@you-domain.org"\n'
        "# SERVER_EMAIL = 'root@your-domain.org'\n"
        "ADMINS = (('Admin', 'postmaster@yourcompany.com'),)\n"
    )
    assert redactor.redact(settings, "Python", "example_project/settings.py").text == settings
    real = settings.replace("your-domain.org", "kowalczyk-consulting.org")
    assert redactor.redact(real, "Python", "example_project/settings.py").counts == {"EMAIL": 1}


def test_the_gettext_language_team_placeholder_is_no_mailbox(redactor: Redactor) -> None:
    """Every `.po` file copied from an xgettext template carries its stock header lines until a
    translator fills them in; a filled-in team address is one."""
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: PACKAGE VERSION\\n"\n'
        '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"\n"Language-Team: LANGUAGE <LL@li.org>\\n"\n'
    )
    assert redactor.redact(header, None, "app/locale/fy/LC_MESSAGES/django.po").text == header
    filled = header.replace("LL@li.org", "team-fy@lists.kowalczyk-consulting.org")
    assert redactor.redact(filled, None, "app/locale/fy/LC_MESSAGES/django.po").counts == {"EMAIL": 1}
