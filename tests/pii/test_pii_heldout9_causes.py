"""General causes the ninth held-out PII labels revealed (benchmarks/README.md, "A ninth held-out set").
Fixtures are written here; names, hosts and passwords are made up."""

from pii.redact import Redactor


def test_a_word_password_in_documentation_or_examples_is_a_toy(redactor: Redactor) -> None:
    """A client's README connects to `localhost` with `password: 'borsch'` and shows a query's output
    holding `"password":"tooeasy"`; an example script logs into a local database as root with
    `rootpw`. Words, like test code's `pygmalion`: the reader's own server. A password with digits or
    capitals inside, or the same word in production code, is still redacted."""
    readme = (
        "```javascript\nlet opts = {\n  host: 'localhost',\n  username: 'ewa',\n"
        "  password: 'borsch', // password-based authentication\n};\n```\n"
        'Results in:\n```json\n[[{"username":"ewa","password":"tooeasy"}]]\n```\n'
    )
    assert redactor.redact(readme, "Markdown", "README.md").text == readme
    example = "pool = await create_pool(host='localhost', user='root', password='rootpw')\n"
    assert redactor.redact(example, "Python", "examples/example_ssl.py").text == example
    assert redactor.redact(example, "Python", "app/db.py").counts == {"PASSWORD": 1}
    real = readme.replace("'borsch'", "'Bq7#rT9vLx'")
    assert redactor.redact(real, "Markdown", "README.md").counts == {"PASSWORD": 1}
