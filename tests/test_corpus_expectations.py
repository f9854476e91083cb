"""The fly.toml schema/validation rules over the real-world corpus match a reviewed expectation file.

``tests/corpus_expectations.json`` lists, for every corpus file in ``../shared/corpus/fly-toml``,
each finding of the rules FLY010–FLY099 (code and line) that was reviewed by hand against the
fact sheet: every unknown, mistyped or invalid key it names is one flyctl really drops or
rejects. Any change in what these rules report on the corpus (a new finding, a lost one, a moved
line) fails the test, so it has to be reviewed and the file updated on purpose:

    python tests/test_corpus_expectations.py --update

Rules that look at other files of the project (a Dockerfile, an ignore file, a machine config,
``[[files]]`` sources) are left out: the corpus holds only the config files, so they would report
every referenced file as missing.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import SHARED, lint

EXPECTATIONS = Path(__file__).resolve().parent / "corpus_expectations.json"
CORPUS = SHARED / "corpus" / "fly-toml"
FILES = sorted(CORPUS.glob("*.toml")) if CORPUS.is_dir() else []
CROSS_FILE = {"FLY049", "FLY050", "FLY051", "FLY053", "FLY054"}


def codes() -> list[str]:
    from flylint.linter.registry import load_all

    return [c for c in load_all() if "FLY010" <= c <= "FLY099" and c not in CROSS_FILE]


def findings_for(path: Path, workdir: Path) -> list[list]:
    shutil.copyfile(path, workdir / "fly.toml")
    result = lint(["fly.toml"], select=codes())
    for f in result.findings:
        assert "internal error" not in f.message, f"{path.name}: {f.message}"
    return sorted([f.code, f.span.line] for f in result.findings)


def load() -> dict:
    return json.loads(EXPECTATIONS.read_text(encoding="utf-8"))


@pytest.mark.skipif(not FILES, reason="../shared/corpus/fly-toml is not available (needs the shared folder)")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_findings_match_the_reviewed_expectations(path: Path, in_tmp: Path) -> None:
    expected = load()["files"].get(path.name, [])
    got = findings_for(path, in_tmp)
    missing = [e for e in expected if e not in got]
    extra = [g for g in got if g not in expected]
    assert not missing and not extra, (
        f"{path.name}: new findings {extra}, findings no longer reported {missing}; review them and run "
        "`python tests/test_corpus_expectations.py --update`"
    )


def test_expectation_file_is_well_formed() -> None:
    data = load()
    assert set(data) >= {"reviewed", "excluded_codes", "files", "notes"}
    assert sorted(data["excluded_codes"]) == sorted(CROSS_FILE)
    for name, items in data["files"].items():
        assert name.endswith(".toml")
        for code, line in items:
            assert code.startswith("FLY0") and code not in CROSS_FILE and line >= 1
    for name in data["notes"]:
        assert name in data["files"], f"note for {name}, which has no findings"


def _update() -> None:  # pragma: no cover - maintenance entry point
    import os
    import tempfile

    data = load() if EXPECTATIONS.exists() else {"notes": {}}
    files: dict[str, list] = {}
    for path in FILES:
        with tempfile.TemporaryDirectory() as tmp:
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                got = findings_for(path, Path(tmp))
            finally:
                os.chdir(cwd)
        if got:
            files[path.name] = got
    data["excluded_codes"] = sorted(CROSS_FILE)
    data["files"] = files
    data.setdefault("reviewed", "")
    EXPECTATIONS.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {EXPECTATIONS} ({sum(len(v) for v in files.values())} findings in {len(files)} files)")


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if "--update" in sys.argv:
        _update()
