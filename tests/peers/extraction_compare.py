#!/usr/bin/env python3
"""Web-page extraction: claimscope beside trafilatura, page by page, on the ScrapingHub
article-extraction benchmark (or any folder of saved pages with a ground-truth.json of
{"id": {"articleBody": "..."}}).

    cargo run --release --example extract_pages -- BENCH/html > claimscope.json
    python3 tests/peers/extraction_compare.py BENCH claimscope.json [--worst N]

Scores per page: token F1 (the multiset of lower-cased word tokens, as extraction comparisons
usually count) and the benchmark's own 4-token-shingle F1; mean over pages. Needs
`pip install trafilatura lxml_html_clean`. Kept out of `cargo test`: a peer, not a test.
"""
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

import trafilatura


def tokens(text):
    return re.findall(r"\w+", (text or "").lower())


def f1(truth, pred, n=1):
    t, p = tokens(truth), tokens(pred)
    if n > 1:
        t = [tuple(t[i:i + n]) for i in range(len(t) - n + 1)]
        p = [tuple(p[i:i + n]) for i in range(len(p) - n + 1)]
    if not t and not p:
        return 1.0, 1.0, 1.0
    common = sum((Counter(t) & Counter(p)).values())
    prec = common / len(p) if p else 0.0
    rec = common / len(t) if t else 0.0
    return (2 * prec * rec / (prec + rec) if prec + rec else 0.0), prec, rec


def main():
    bench, ours = Path(sys.argv[1]), json.load(open(sys.argv[2]))
    worst = int(sys.argv[sys.argv.index("--worst") + 1]) if "--worst" in sys.argv else 0
    truth = json.load(open(bench / "ground-truth.json"))
    rows = []
    for page in sorted(truth):
        path = bench / "html" / f"{page}.html.gz"
        if not path.exists():
            continue
        html = gzip.open(path).read().decode("utf-8", "replace")
        traf = trafilatura.extract(html, include_comments=False, include_tables=True) or ""
        gold = truth[page].get("articleBody", "")
        mine = ours.get(page, {}).get("articleBody", "")
        rows.append((page, f1(gold, mine), f1(gold, traf), f1(gold, mine, 4), f1(gold, traf, 4), mine, traf, gold))
    n = len(rows)
    mean = lambda k, i: sum(r[k][i] for r in rows) / n
    print(f"{n} pages")
    print(f"token F1      claimscope {mean(1, 0):.3f} (P {mean(1, 1):.3f} R {mean(1, 2):.3f})   trafilatura {mean(2, 0):.3f} (P {mean(2, 1):.3f} R {mean(2, 2):.3f})")
    print(f"shingle F1    claimscope {mean(3, 0):.3f}   trafilatura {mean(4, 0):.3f}")
    print(f"pages under 0.90 token F1: claimscope {sum(r[1][0] < 0.9 for r in rows)}, trafilatura {sum(r[2][0] < 0.9 for r in rows)}")
    if worst:
        rows.sort(key=lambda r: r[1][0] - r[2][0])
        for page, mine, traf, *_ in rows[:worst]:
            print(f"{page[:12]}  claimscope F1 {mine[0]:.3f} P {mine[1]:.3f} R {mine[2]:.3f}   trafilatura F1 {traf[0]:.3f} P {traf[1]:.3f} R {traf[2]:.3f}")


if __name__ == "__main__":
    main()
