from filters.config import FiltersConfig
from filters.language import detect_language, language_reason, language_slug
from pipeline.records import FileRecord


def record(path: str, text: str = "x = 1\n") -> FileRecord:
    return FileRecord(id="0" * 32, repo_name="o/r", path=path, commit="", content=text, size=len(text),
                      content_sha256="")


def test_language_from_extension_filename_and_shebang():
    assert detect_language("src/app.py", "") == "Python"
    assert detect_language("Makefile", "all:\n") == "Makefile"
    assert detect_language("bin/tool", "#!/usr/bin/env python3\nprint(1)\n") == "Python"
    assert detect_language("bin/tool", "no clue here\n") is None


def test_unknown_vendor_generated_and_selection():
    config = FiltersConfig()
    assert language_reason(record("bin/tool", "plain words\n"), config) == "unknown_language"
    assert language_reason(record("vendor/github.com/lib/util.go", "package lib\n"), config) == "vendor"
    assert language_reason(record("package-lock.json", "{}"), config) == "generated"
    assert language_reason(record("src/main.go", "package main\n"), config) is None
    only_go = FiltersConfig(languages=["Go"])
    assert language_reason(record("src/app.py"), only_go) == "language_not_selected"


def test_switches_turn_rules_off():
    config = FiltersConfig(drop_vendor=False, drop_generated=False, drop_unknown_language=False)
    assert language_reason(record("vendor/github.com/lib/util.go", "package lib\n"), config) is None
    assert language_reason(record("bin/tool", "plain words\n"), config) is None


def test_slugs_are_portable_folder_names():
    assert language_slug("C++") == "c-plus-plus"
    assert language_slug("C#") == "c-sharp"
    assert language_slug("Jupyter Notebook") == "jupyter-notebook"
    assert language_slug(None) == "unknown"


def test_vendored_means_inside_a_vendored_folder_not_a_file_name():
    """jquery/jquery's own src/jquery.js and src/effects.js, and every repository's CI workflows,
    are the project's own files; go-enry's name rules alone would drop them."""
    config = FiltersConfig()
    for path in ("src/jquery.js", "src/effects.js", "static/js/bootstrap.js"):
        assert language_reason(record(path, "function f() { return 1; }\n"), config) is None, path
    assert language_reason(record(".github/workflows/ci.yml", "on: push\njobs: {}\n"), config) is None
    for path in ("node_modules/jquery/src/jquery.js", "web/bower_components/x/index.js", "third_party/zlib/inflate.c",
                 "src/vendor/lib.js", ".github/vendor/tool.js"):
        assert language_reason(record(path, "int x;\n" if path.endswith(".c") else "var x = 1;\n"), config) == "vendor", path


MIT_WORDS = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software\n"


def test_licence_files_are_text_whatever_their_suffix():
    """go-enry names `LICENSE` Text but not `LICENSE-MIT`: both must be kept or dropped alike."""
    config = FiltersConfig()
    for name in ("LICENSE", "LICENSE-MIT", "LICENSE.APACHE", "LICENSE-APACHE", "COPYING.LIB", "COPYING.LESSER",
                 "LICENCE", "UNLICENSE", "NOTICE", "sub/LICENSE.BSD"):
        item = record(name, MIT_WORDS)
        assert language_reason(item, config) is None, name
        assert item.language == "Text", name
    assert detect_language("LICENSE.md", MIT_WORDS) == "Markdown"  # a suffix go-enry names keeps its name
    assert detect_language("src/license.go", "package license\n") == "Go"  # code is never a licence file
    assert language_reason(record("AUTHORS", "Jane\n"), config) == "unknown_language"
