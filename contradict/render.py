"""Show results to people: terminal tables (rich) and a self-contained HTML page.

Renderers return strings or rich renderables and never print; the CLI prints.
The HTML page escapes every piece of article text, name and source, embeds its style, and
loads nothing from the network, so an article that contains markup shows it as text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .attribution import ArticleReading
from .detector import Analysis
from .records import Finding, Span


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reading_tables(reading: ArticleReading) -> Group:
    """Statements and reports of an article as two tables."""
    statements = Table(title=f"Statements (subject: {reading.subject.name if reading.subject else 'unknown'})", expand=True)
    for column in ("offsets", "speaker", "subject", "denial", "text"):
        statements.add_column(column, overflow="fold")
    for s in reading.all_statements:
        denial = "non-denial" if s.is_non_denial else ("yes" if s.is_denial else "")
        speaker = s.speaker or "?"
        if s.on_behalf_of:
            speaker += f" (for {s.on_behalf_of})"
        flags = f" [{', '.join(s.flags)}]" if s.flags else ""
        statements.add_row(
            f"{s.span.start}-{s.span.end}", speaker + flags, "yes" if s.is_subject else "", denial, _short(s.span.text)
        )
    reports = Table(title="Reports", expand=True)
    for column in ("offsets", "source", "hedged", "text"):
        reports.add_column(column, overflow="fold")
    for r in reading.reports:
        reports.add_row(f"{r.span.start}-{r.span.end}", r.source or "(article)", "yes" if r.hedged else "", _short(r.span.text))
    return Group(statements, reports)


def findings_table(analysis: Analysis, top: int | None = None, show_all: bool = False) -> Group:
    """The verdict and the judged pairs, contradictions first."""
    verdict = analysis.verdict
    headline = Text(
        f"{analysis.subject}: "
        + ("CONTRADICTED" if verdict["contradicted"] else "no contradiction found")
        + f"  ({verdict['contradictions']} contradiction(s) among {verdict['pairs_judged']} pairs judged; "
        f"{verdict['statements']} statements, {verdict['reports']} reports; {analysis.seconds:.2f}s)",
        style="bold red" if verdict["contradicted"] else "bold green",
    )
    findings = analysis.contradictions if not show_all else sorted(analysis.findings, key=lambda f: -f.judgement.contradiction)
    table = Table(expand=True, show_lines=True)
    for column in ("label", "p", "statement (speaker)", "report (source)", "why"):
        table.add_column(column, overflow="fold")
    for f in findings[:top]:
        table.add_row(
            f.judgement.label,
            f"{getattr(f.judgement, f.judgement.label):.2f}",
            f"{_short(f.pair.statement.span.text)}\n[{f.pair.statement.span.start}-{f.pair.statement.span.end}] "
            f"{f.pair.statement.voice or '?'}",
            f"{_short(f.pair.report.span.text)}\n[{f.pair.report.span.start}-{f.pair.report.span.end}] "
            f"{f.pair.report.source or '(article)'}",
            "; ".join(f.reasons),
        )
    return Group(headline, table) if findings else Group(headline)


_STYLE = """
body{font:16px/1.55 Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font:600 1.3rem system-ui,sans-serif} h2{font:600 1.05rem system-ui,sans-serif;margin-top:2rem}
.verdict{font:600 1rem system-ui,sans-serif;padding:.6rem .8rem;border-radius:6px}
.verdict.bad{background:#fde2e1;color:#8a1c14}.verdict.ok{background:#e3f4e6;color:#1d5e2a}
.article p{white-space:pre-wrap}
mark.statement{background:#ffe08a;padding:0 .1em} mark.report{background:#bfe0ff;padding:0 .1em}
mark:target{outline:3px solid #c0392b}
table{border-collapse:collapse;width:100%;font:14px/1.4 system-ui,sans-serif}
td,th{border-top:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
.p{font-variant-numeric:tabular-nums;white-space:nowrap}
"""


def analysis_html(analysis: Analysis, title: str = "contradict report", top: int | None = None) -> str:
    """A standalone HTML page: the article with statement and report spans highlighted and
    linked from a table of findings."""
    reading = analysis.reading
    findings = analysis.contradictions[:top]
    statement_spans = {f.pair.statement.span for f in findings}
    report_spans = {f.pair.report.span for f in findings}
    verdict = analysis.verdict
    rows = "\n".join(_finding_row(i, f) for i, f in enumerate(findings, start=1))
    article = _highlighted(reading.text, statement_spans, report_spans) if reading else ""
    verdict_text = (
        f"{html.escape(analysis.subject or '')}: contradicted ({verdict['contradictions']} finding(s))"
        if verdict["contradicted"]
        else f"{html.escape(analysis.subject or '')}: no contradiction found"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{html.escape(title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="verdict {'bad' if verdict['contradicted'] else 'ok'}">{verdict_text}</p>
<h2>Findings</h2>
<table><thead><tr><th>#</th><th>p(contradiction)</th><th>statement</th><th>report</th><th>why</th></tr></thead>
<tbody>
{rows or '<tr><td colspan="5">No contradiction flagged.</td></tr>'}
</tbody></table>
<h2>Article</h2>
<div class="article">{article}</div>
<p><small>Highlights: <mark class="statement">subject's statement</mark> <mark class="report">report</mark>.
Generated by contradict.</small></p>
</body></html>
"""


def _finding_row(index: int, finding: Finding) -> str:
    s, r = finding.pair.statement, finding.pair.report
    return (
        f"<tr><td>{index}</td><td class=\"p\">{finding.judgement.contradiction:.2f}</td>"
        f"<td><a href=\"#s{s.span.start}\">{html.escape(_short(s.span.text, 200))}</a><br><small>{html.escape(s.voice or '?')}</small></td>"
        f"<td><a href=\"#r{r.span.start}\">{html.escape(_short(r.span.text, 200))}</a><br><small>{html.escape(r.source or 'the article')}</small></td>"
        f"<td>{html.escape('; '.join(finding.reasons))}</td></tr>"
    )


def _highlighted(text: str, statements: Iterable[Span], reports: Iterable[Span]) -> str:
    """The text as escaped paragraphs, with non-overlapping highlighted spans."""
    marks = sorted([(s, "statement", "s") for s in statements] + [(r, "report", "r") for r in reports], key=lambda m: m[0].start)
    pieces, cursor = [], 0
    for span, kind, prefix in marks:
        if span.start < cursor:
            continue  # overlapping spans: the first one wins
        pieces.append(html.escape(text[cursor : span.start]))
        pieces.append(f'<mark class="{kind}" id="{prefix}{span.start}">{html.escape(text[span.start:span.end])}</mark>')
        cursor = span.end
    pieces.append(html.escape(text[cursor:]))
    body = "".join(pieces)
    return "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
