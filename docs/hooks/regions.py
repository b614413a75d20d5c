"""mkdocs hook: region pages from the installed policies' own metadata.

The region engineers write ``docs/regions/<code>.md`` by hand; this hook never changes
those files. At build time it

* appends to each region page a section generated from the installed policy (contract
  years, members, segments, catalog, rules with their status and clause), so the page
  cannot fall behind the code;
* adds a generated page for an installed region that has no hand-written page (the
  template region, a region made with ``sociaaldomein new-policy``);
* fills the ``<!-- regions -->`` marker of ``regions.md`` with a table of the regions;
* lists every region page under *Regions* in the navigation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mkdocs.structure.files import File, Files

MARKER = "<!-- regions -->"
GENERATED = "## Generated from the installed policy"


def _policies() -> list[Any]:
    from sociaaldomein import default_registry

    return list(default_registry().policies())


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def policy_section(policy: Any) -> str:
    """Markdown describing a policy from its own metadata."""
    lines = [
        GENERATED, "",
        f"*This section is generated at build time from `{policy.code}` as installed; the "
        "text above is written by hand.*", "",
        f"**Region code** `{policy.code}` · **policy API** {policy.api_version} · "
        f"**contract years** {', '.join(map(str, policy.contract_years))}", "",
        "### Members", "",
        "| municipality | CBS code | from | until | clause |",
        "|---|---|---|---|---|",
    ]
    for m in policy.members:
        until = "open" if m.period.is_open else m.period.last_day.isoformat()
        lines.append(f"| {_cell(m.municipality.name)} | {m.municipality.code} | "
                     f"{m.period.start.isoformat()} | {until} | {_cell(m.ref.cite())} |")
    if policy.dialects:
        lines += ["", "### Municipality dialects", ""]
        for d in policy.dialects:
            lines.append(f"- **{_cell(d.name)}** ({d.municipality}): {_cell(d.description)} "
                         f"- {_cell(d.ref.cite())}")
    lines += ["", "### Segments", "", "| code | name | needs a decision |", "|---|---|---|"]
    for s in policy.catalog.segments:
        lines.append(f"| `{s.code}` | {_cell(s.name)} | {'yes' if s.needs_decision else 'no'} |")
    lines += ["", f"### Catalog ({len(policy.catalog.arrangements)} arrangements)", "",
              "| code | name | segment | law | unit |", "|---|---|---|---|---|"]
    for a in policy.catalog.arrangements:
        laws = ", ".join(sorted(law.value for law in a.laws))
        unit = f"{a.unit.value} {a.unit.label}" if a.unit else "-"
        lines.append(f"| `{a.code}` | {_cell(a.name)} | `{a.segment}` | {laws} | {unit} |")
    lines += ["", f"### Rules ({len(policy.rules)})", "",
              "| id | status | rule | clause | encoded in | tested by |", "|---|---|---|---|---|---|"]
    for r in policy.rules:
        where = r.encoded_in or r.reason
        lines.append(f"| {r.id} | {r.status.value} | {_cell(r.summary)} | {_cell(r.ref.cite())} "
                     f"| {_cell(where)} | {_cell(r.tested_by)} |")
    lines += ["", "### Sources", ""]
    lines += [f"- {_cell(source)}" for source in policy.sources]
    return "\n".join(lines) + "\n"


def on_config(config: Any) -> Any:
    """Put every region page (hand-written or generated) under *Regions* in the nav."""
    from pathlib import Path

    docs = Path(config["docs_dir"])
    titles = {p.code: p.name for p in _policies()}
    for path in sorted((docs / "regions").glob("*.md")):
        titles.setdefault(path.stem, path.stem)
    nav = config.get("nav") or []
    for i, item in enumerate(nav):
        if isinstance(item, dict) and item.get("Regions") == "regions.md":
            nav[i] = {"Regions": ["regions.md", *({titles[code]: f"regions/{code}.md"}
                                                   for code in sorted(titles))]}
    return config


def on_files(files: Files, config: Any) -> Files:
    """Add a page for each installed region that has no hand-written page."""
    for policy in _policies():
        uri = f"regions/{policy.code}.md"
        if files.get_file_from_path(uri) is None:
            content = (f"# {policy.name}\n\n"
                       f"No hand-written page exists for `{policy.code}` yet; everything "
                       "below comes from the policy itself.\n\n")
            files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    uri = page.file.src_uri
    if uri == "regions.md" and MARKER in markdown:
        rows = ["| region | name | contract years | members | arrangements | rules |",
                "|---|---|---|---|---|---|"]
        today = dt.date.today()
        for policy in _policies():
            members = sum(1 for m in policy.members if today in m.period) or len(policy.members)
            rows.append(f"| [`{policy.code}`](regions/{policy.code}.md) | {_cell(policy.name)} | "
                        f"{', '.join(map(str, policy.contract_years))} | {members} | "
                        f"{len(policy.catalog.arrangements)} | {len(policy.rules)} |")
        return markdown.replace(MARKER, "\n".join(rows))
    if uri.startswith("regions/") and uri.endswith(".md"):
        code = uri[len("regions/"):-len(".md")]
        for policy in _policies():
            if policy.code == code and GENERATED not in markdown:
                return markdown.rstrip() + "\n\n" + policy_section(policy)
    return markdown
