"""Open the HTML report in a real headless browser and check what a reader sees.

    python eval/check_html_in_browser.py [--model M] [--judge J] [--chromium /usr/bin/chromium]

Renders `contradict analyze --format html` for the bundled example and for an article that
carries markup and a script, loads both pages in Debian's headless Chromium (network
disabled), and checks from the DOM Chromium built:
- the example shows the statement and the report of each finding highlighted
  (<mark class="statement"> / <mark class="report">) and linked from the findings table;
- the hostile article's <script> and <img onerror> appear as text and no element was created
  from them.
It saves a screenshot to eval/results/html_report.png. Install the browser with
`apt-get install chromium`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOSTILE = (
    'Senator Ruth Adler said on Monday: "I have never met the donor <script>document.title=\'owned\'</script>."\n\n'
    "According to the Ledger, Adler met the donor <img src=x onerror=\"document.title='owned'\"> twice in May.\n\n"
    "The Ledger published the hotel receipts on Tuesday."
)
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _DomSummary(HTMLParser):
    """Collects the elements a check needs from Chromium's serialised DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self.title = ""
        self._mark: str | None = None
        self._in_title = False
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "mark":
            self._mark, self._text = attrs.get("class", ""), ""
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark, self._text))
            self._mark = None
        self._in_title = False

    def handle_data(self, data):
        if self._mark is not None:
            self._text += data
        if self._in_title:
            self.title += data


def render(article: Path, out: Path, extra: list[str], subject: str) -> None:
    command = [sys.executable, "-m", "contradict", "analyze", str(article), "--subject", subject, "--format", "html", "-o", str(out), *extra]
    subprocess.run(command, check=True)


def chromium_dom(chromium: str, page: Path, screenshot: Path | None = None) -> str:
    profile = tempfile.mkdtemp()
    common = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    if screenshot is not None:
        subprocess.run([*common, f"--screenshot={screenshot}", "--window-size=1100,1400", page.as_uri()], check=True, capture_output=True)
    return subprocess.run([*common, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--judge", default=None)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    extra = (["--model", args.model] if args.model else []) + (["--judge", args.judge] if args.judge else [])
    results = REPO / "eval" / "results"
    results.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    failures = []

    example_page = work / "example.html"
    render(REPO / "examples" / "sessions-kislyak.txt", example_page, extra, "Jeff Sessions")
    dom = _DomSummary()
    dom.feed(chromium_dom(args.chromium, example_page, results / "html_report.png"))
    statements = [text for kind, text in dom.marks if kind == "statement"]
    reports = [text for kind, text in dom.marks if kind == "report"]
    print(f"example: {len(statements)} highlighted statement(s), {len(reports)} highlighted report(s), {len(dom.links)} links")
    if not statements or not reports:
        failures.append("the example page shows no highlighted statement or report")
    if not any("Russian operatives" in s or "never discussed campaign" in s for s in statements):
        failures.append("the denial is not highlighted as a statement")
    if not dom.links:
        failures.append("the findings table links to no highlighted span")

    hostile_article = work / "hostile.txt"
    hostile_article.write_text(HOSTILE)
    hostile_page = work / "hostile.html"
    render(hostile_article, hostile_page, extra, "Ruth Adler")
    dom = _DomSummary()
    rendered = chromium_dom(args.chromium, hostile_page)
    dom.feed(rendered)
    if "script" in dom.tags or "img" in dom.tags or dom.title.strip() == "owned":
        failures.append("markup from the article became live elements")
    if "&lt;script&gt;" not in rendered:
        failures.append("the article's <script> text is not shown as text")
    print("hostile article: markup shown as text" if not failures else "hostile article: FAILED")

    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"screenshot: {results / 'html_report.png'}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
