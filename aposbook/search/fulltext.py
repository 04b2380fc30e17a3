"""Full-text search over the search documents, with the database's own engine.

SQLite (development): FTS5 with the Porter stemmer, ranked by bm25 with titles weighing
ten times the text, snippets by `snippet()`; every word must match. PostgreSQL
(production): the generated `tsvector` with its GIN index, `websearch_to_tsquery` (so
"quoted phrases", `or` and `-word` work), ranked by `ts_rank`, snippets by `ts_headline`
computed only for the page shown. Both mark matches with private-use characters that
`highlight` turns into <mark> after escaping the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .index import MARK_END, MARK_START
from .models import Kind

SNIPPET_WORDS = 24
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString


def highlight(marked: str) -> SafeString:
    """Escape the text, then turn the engine's markers into <mark> elements."""
    html = escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # A snippet may cut a marked phrase: close what it opened.
    html += "</mark>" * (html.count("<mark>") - html.count("</mark>"))
    return mark_safe(html)  # escaped above; only our own tags added


def fts5_query(text: str) -> str:
    """Every word, each quoted so that FTS5 reads none of them as syntax."""
    return " ".join(f'"{word}"' for word in WORD.findall(text.lower()))


def _filters(kind: str | None, topic_id: int | None) -> tuple[str, list[str | int]]:
    params: list[str | int]
    sql, params = "", []
    if kind:
        sql += " AND d.kind = %s"
        params.append(kind)
    if topic_id:
        sql += (
            " AND EXISTS (SELECT 1 FROM search_searchdocument_topics t"
            " WHERE t.searchdocument_id = d.id AND t.topic_id = %s)"
        )
        params.append(topic_id)
    return sql, params


# What each engine ranks by and how it marks a snippet, for the queries below.
POSTGRESQL = {
    "source": "search_searchdocument d, websearch_to_tsquery('english', %s) AS q(query)",
    "match": "d.vector @@ q.query",
    "score": "ts_rank(d.vector, q.query) DESC",
    "join": "",
    "page_match": "TRUE",
    "snippet": (
        "ts_headline('english', d.text, websearch_to_tsquery('english', %s), "
        f"'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
        'MinWords=12, MaxFragments=2, FragmentDelimiter=" … "\')'
    ),
}
SQLITE = {
    "source": "search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid",
    "match": "search_fts MATCH %s",
    "score": "bm25(search_fts, 10.0, 1.0)",
    "join": "JOIN search_fts ON search_fts.rowid = top.id",
    "page_match": "search_fts MATCH %s",
    "snippet": f"snippet(search_fts, 1, '{MARK_START}', '{MARK_END}', ' … ', {SNIPPET_WORDS})",
}


def _engine(text: str) -> tuple[dict[str, str], str]:
    """The engine's SQL pieces and the query as it takes it ("" when nothing to look for)."""
    if connection.vendor == "postgresql":
        return POSTGRESQL, text
    return SQLITE, fts5_query(text)


def _hits(ranked: str, text: str, params: list[str | int]) -> list[Hit]:
    """The documents `ranked` (SQL giving ids and places) picks, best first, with snippets
    made for those only: each engine would otherwise make one for every match."""
    engine, query = _engine(text)
    if not query:
        return []
    sql = f"""
        WITH ranked AS ({ranked.format(**engine)}),
        top AS MATERIALIZED (SELECT id, place FROM ranked)
        SELECT d.kind, d.title, d.url, {engine["snippet"]}
        FROM top JOIN search_searchdocument d ON d.id = top.id {engine["join"]}
        WHERE {engine["page_match"]}
        ORDER BY top.place, d.id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params, query])
        return [
            Hit(kind=kind, title=title, url=url, snippet=highlight(snippet or ""))
            for kind, title, url, snippet in cursor.fetchall()
        ]


def search(
    text: str, *, kind: str | None = None, topic_id: int | None = None, limit: int, offset: int = 0
) -> list[Hit]:
    """The best `limit` documents matching `text` after `offset`, best first."""
    where, params = _filters(kind, topic_id)
    ranked = f"""
        SELECT d.id, ROW_NUMBER() OVER (ORDER BY {{score}}, d.id) AS place
        FROM {{source}} WHERE {{match}}{where}
        ORDER BY {{score}}, d.id LIMIT %s OFFSET %s"""
    return _hits(ranked, text, [*params, limit, offset])


def best_of_each(text: str, *, topic_id: int | None, limit: int) -> dict[str, list[Hit]]:
    """The best `limit` documents of each kind, in one query: each match is ranked once."""
    where, params = _filters(None, topic_id)
    ranked = f"""
        SELECT id, place FROM (
            SELECT d.id, ROW_NUMBER() OVER (PARTITION BY d.kind ORDER BY {{score}}, d.id) AS place
            FROM {{source}} WHERE {{match}}{where}
        ) each_kind WHERE place <= %s"""
    found: dict[str, list[Hit]] = {}
    for hit in _hits(ranked, text, [*params, limit]):
        found.setdefault(hit.kind, []).append(hit)
    return found


def counts(text: str, *, topic_id: int | None = None) -> dict[str, int]:
    """How many documents of each kind match `text`, in the order the page shows kinds."""
    engine, query = _engine(text)
    if not query:
        return {}
    where, params = _filters(None, topic_id)
    sql = f"""SELECT d.kind, COUNT(*) FROM {engine["source"]}
        WHERE {engine["match"]}{where} GROUP BY d.kind"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params])
        found = dict(cursor.fetchall())
    return {kind.value: found[kind.value] for kind in Kind if found.get(kind.value)}


# -- what the results page shows -------------------------------------------------------

GROUP_SIZE = 5  # results of each kind when no kind is chosen
PER_PAGE = 10
# Paging is by offset, limited to the first pages: deep offsets cost as much as reading
# every match, and a narrower query or a filter is the better way on.
MAX_PAGES = 20


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit]


class Matches:
    """The matches of one kind as a sequence a Paginator can slice: one query per page."""

    def __init__(self, text: str, *, kind: str, topic_id: int | None, count: int) -> None:
        self.text, self.kind, self.topic_id = text, kind, topic_id
        self.count = min(count, PER_PAGE * MAX_PAGES)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, window: slice) -> list[Hit]:
        start, stop = window.start or 0, window.stop or self.count
        return search(
            self.text, kind=self.kind, topic_id=self.topic_id, limit=stop - start, offset=start
        )


@dataclass(frozen=True)
class Found:
    counts: dict[str, int]
    groups: list[Group]
    page: Page | None  # when one kind is chosen

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def tallies(self) -> list[tuple[str, str, int]]:
        """Each kind found, with its label and count."""
        labels = dict(Kind.choices)
        return [(kind, labels[kind], count) for kind, count in self.counts.items()]


def find_everything(
    text: str, *, kind: str | None, topic_id: int | None, page: str | None
) -> Found:
    """The counts per kind, and either the best few of each kind or a page of one kind."""
    found = counts(text, topic_id=topic_id) if text else {}
    labels = dict(Kind.choices)
    if kind:
        matches = Matches(text, kind=kind, topic_id=topic_id, count=found.get(kind, 0))
        # Matches slices into a list, not into another Matches: all a Paginator needs.
        paginator: Paginator[Hit] = Paginator(matches, PER_PAGE)  # type: ignore[arg-type]
        return Found(found, [], paginator.get_page(page))
    best = best_of_each(text, topic_id=topic_id, limit=GROUP_SIZE) if found else {}
    groups = [
        Group(kind=each, label=labels[each], count=count, hits=best.get(each, []))
        for each, count in found.items()
    ]
    return Found(found, groups, None)
