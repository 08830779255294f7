"""The README's course table is the repository's truth: every assignment with its topic, points,
number of hidden tests and mutants. Regenerate it with ``python tests/unit/test_course_table.py``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BEGIN, END = "<!-- course-table:begin -->", "<!-- course-table:end -->"


def _count_tests(folder: Path) -> int:
    return sum(
        len(re.findall(r"^def test_", p.read_text(encoding="utf-8"), re.M))
        for p in sorted(folder.glob("test_*.py"))
    )


def render() -> str:
    rows = [
        "| assignment | topic | points | public tests | hidden tests | mutants |",
        "|---|---|---|---|---|---|",
    ]
    for d in sorted((REPO / "assignments").iterdir()):
        if not (d / f"{d.name}.ipynb").is_file():
            continue
        conf = tomllib.loads((d / "assignment.toml").read_text(encoding="utf-8"))
        title = str(conf.get("title", d.name))
        topic = title.split("—", 1)[1].strip() if "—" in title else title
        mutants = len(list((d / "mutants").glob("*.py"))) if (d / "mutants").is_dir() else 0
        rows.append(
            f"| `{d.name}` | {topic} | {conf.get('total_points', '?')} | "
            f"{_count_tests(d / 'tests' / 'public')} | {_count_tests(d / 'tests' / 'hidden')} | {mutants} |"
        )
    return "\n".join(rows)


def test_readme_course_table_is_current() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert BEGIN in text and END in text, "README.md has no course table markers"
    table = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert table == render(), (
        "README's course table is stale: run python tests/unit/test_course_table.py"
    )


if __name__ == "__main__":
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    readme.write_text(
        head + BEGIN + "\n" + render() + "\n" + END + rest.split(END, 1)[1], encoding="utf-8"
    )
    print(render())
