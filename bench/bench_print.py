"""Benchmark: campaign.pdf.write_mailing against a bare reportlab canvas floor.

Usage: .venv/bin/python bench/bench_print.py [N ...] [--repeat R]   (default 200 1000 5000)

For each N it generates N synthetic letters (4 paragraphs of ~60 words, varied names with
accents) and N #10 envelopes, then runs, each in a fresh process timed whole:
  baseline  the same text pre-wrapped into lines, drawn with drawString in embedded
            DejaVu Serif/Sans, letters then envelopes in one process, no layout;
  campaign  campaign.pdf.write_mailing (layout, pagination, two processes).
Peak memory is the largest RSS of the measured process or any of its children.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["Zoë", "José", "Ana", "Björn", "Çağla", "Dmitri", "Émile", "François", "Grace",
         "Håkon", "Irène", "Jürgen", "Kateřina", "Łukasz", "Maël", "Nuño", "Øystein",
         "Søren", "Ülkü", "Wiktor", "Dana", "Michael", "Priya", "Chen"]
LAST = ["Çelik", "Muñoz", "Lee", "Öztürk", "Dvořák", "Nowak", "Lefèvre", "García",
        "Johansson", "Kowalski", "Müller", "Østergaard", "O'Brien", "Nguyen", "Smith"]
COMPANY = ["Acme", "Northwind", "Blue Ridge", "Société Générale", "Müller & Söhne",
           "Ørsted", "AT&T <West>", "Crédit Agricole", "Initech", "Globex"]
SUFFIX = ["Inc.", "LLC", "Corporation", "GmbH", "S.A.", "Partners", "Holdings"]
STREETS = ["Market Street", "Elm Street", "Rue de Rivoli", "Königstraße", "Main Avenue"]
CITIES = ["San Francisco, CA 94105", "Springfield, IL 62704", "Austin, TX 78701",
          "Boston, MA 02110", "Denver, CO 80202"]
WORDS = ("experience operations engineering reliability team growth customers budget "
         "leadership results improved reduced delivered managed project quality service "
         "meeting contribute company reputation careful network regional support cost "
         "years value call office week convenient time consideration résumé naïve café "
         "strategy planning analysis the and of to a in for with on that by as").split()
SENDER = ("Zoë Çelik", ("1200 Elm Street, Apt 4B", "Springfield, IL 62704",
                        "(217) 555-0142", "zoe.celik@example.com"))
WORDS_PER_LINE = 11     # baseline pre-wrap: about what fits 6.5 in at 11 pt


def make_docs(n: int) -> tuple[list, list]:
    """N synthetic LetterDocs and EnvelopeDocs, the same for every run."""
    from campaign.pdf import EnvelopeDoc, LetterDoc, Run

    rng = random.Random(1)
    letters, envelopes = [], []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        company = f"{rng.choice(COMPANY)} {rng.choice(SUFFIX)}"
        recipient = (name, "Director of Operations", company,
                     f"{rng.randint(1, 9999)} {rng.choice(STREETS)}", rng.choice(CITIES))
        paragraphs = []
        for _ in range(4):
            words = [rng.choice(WORDS) for _ in range(rng.randint(55, 65))]
            words[0] = words[0].capitalize()
            paragraphs.append((Run(" ".join(words) + "."),))
        letters.append(LetterDoc(
            sender_name=SENDER[0], sender_lines=SENDER[1], date_text="November 30, 2026",
            recipient_lines=recipient, salutation=f"Dear {name}:",
            paragraphs=tuple(paragraphs), signature_name=SENDER[0], enclosure="Résumé",
            page2_name=name))
        envelopes.append(EnvelopeDoc(return_lines=(SENDER[0], *SENDER[1][:2]),
                                     recipient_lines=recipient))
        del i
    return letters, envelopes


def run_baseline(n: int, out: Path) -> None:
    """The floor: no layout, every line already broken, drawn with drawString."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    fonts = ROOT / "campaign" / "fonts"
    for name, file in (("S", "DejaVuSerif.ttf"), ("SB", "DejaVuSerif-Bold.ttf"),
                       ("N", "DejaVuSans.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    letters, envelopes = make_docs(n)
    canvas = Canvas(str(out / "letters.pdf"), pagesize=(612, 792), invariant=1)
    for letter in letters:
        lines = [letter.sender_name, *letter.sender_lines, "", letter.date_text, "",
                 *letter.recipient_lines, "", letter.salutation, ""]
        for paragraph in letter.paragraphs:
            words = paragraph[0].text.split()
            lines += [" ".join(words[k:k + WORDS_PER_LINE])
                      for k in range(0, len(words), WORDS_PER_LINE)]
            lines.append("")
        lines += [letter.closing, "", "", "", letter.signature_name, "",
                  f"Enclosure: {letter.enclosure}"]
        y = 720 - 10.5
        canvas.setFont("SB", 10.5)
        canvas.drawString(72, y, lines[0])
        canvas.setFont("S", 10.5)
        for line in lines[1:]:
            y -= 12.6
            if y < 72:
                canvas.showPage()
                canvas.setFont("S", 10.5)
                y = 720 - 10.5
            if line:
                canvas.drawString(72, y, line)
        canvas.showPage()
    canvas.save()
    canvas = Canvas(str(out / "envelopes.pdf"), pagesize=(684, 297), invariant=1)
    for envelope in envelopes:
        canvas.setFont("N", 9)
        y = 297 - 36
        for line in envelope.return_lines:
            canvas.drawString(27, y, line)
            y -= 10.8
        canvas.setFont("N", 12)
        y = 150
        for line in envelope.recipient_lines:
            canvas.drawString(288, y, line)
            y -= 14.4
        canvas.showPage()
    canvas.save()


def run_campaign(n: int, out: Path) -> None:
    from campaign.pdf import write_mailing

    letters, envelopes = make_docs(n)
    write_mailing(out / "letters.pdf", letters, out / "envelopes.pdf", envelopes)


def measure(mode: str, n: int) -> tuple[float, float]:
    """(wall seconds, peak MiB) of one fresh child process running `mode`."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--child", mode, str(n), tmp], check=True)
        wall = time.perf_counter() - start
        pages = sum(_pages(p) for p in Path(tmp).glob("*.pdf"))
        if pages < 2 * n:
            raise SystemExit(f"{mode}: expected at least {2 * n} pages, found {pages}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kib / 1024


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, n, out = args.child
        (run_baseline if mode == "baseline" else run_campaign)(int(n), Path(out))
        return
    if args.measure:
        # A fresh wrapper per run, so RUSAGE_CHILDREN's peak belongs to this run alone.
        wall, peak = measure(args.measure[0], int(args.measure[1]))
        print(f"{wall} {peak}")
        return

    print(f"{'N':>6} {'baseline s':>11} {'campaign s':>11} {'ratio':>6} "
          f"{'base MiB':>9} {'camp MiB':>9}")
    for n in args.sizes:
        figures = {}
        for mode in ("baseline", "campaign"):
            walls, peaks = [], []
            for _ in range(args.repeat):
                result = subprocess.run(
                    [sys.executable, __file__, "--measure", mode, str(n)],
                    check=True, capture_output=True, text=True)
                wall, peak = map(float, result.stdout.split())
                walls.append(wall)
                peaks.append(peak)
            figures[mode] = (statistics.median(walls), max(peaks))
        (bw, bm), (cw, cm) = figures["baseline"], figures["campaign"]
        print(f"{n:>6} {bw:>11.2f} {cw:>11.2f} {cw / bw:>6.2f} {bm:>9.0f} {cm:>9.0f}",
              flush=True)


if __name__ == "__main__":
    main()
