#!/usr/bin/env python3
"""Web-page extraction on trafilatura's own evaluation set (990 real pages, each with text
snippets the main text must hold and snippets it must not), claimscope beside trafilatura.

    # the set: git clone https://github.com/adbar/trafilatura; its tests/evaldata.json names each
    # page's file in tests/eval/ or tests/cache/. Put the pages in one folder:
    python3 tests/peers/trafilatura_eval.py --gather TRAFILATURA_REPO PAGES
    cargo run --release --example extract_pages -- PAGES > claimscope.json
    python3 tests/peers/trafilatura_eval.py TRAFILATURA_REPO/tests/evaldata.json PAGES claimscope.json [--show N]

Counts as trafilatura's evaluation does: a "with" snippet found is a true positive, missing a
false negative; a "without" snippet absent a true negative, present a false positive. The set
is trafilatura's development set (it is tuned on it), so it measures what claimscope drops
that trafilatura keeps, not who is better. Needs `pip install trafilatura`. Kept out of
`cargo test`: a peer, not a test.
"""
import json
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor


def norm(s):
    return re.sub(r"\s+", " ", s or "")


def gather(repo, out):
    data = json.load(open(os.path.join(repo, "tests", "evaldata.json")))
    os.makedirs(out, exist_ok=True)
    for v in data.values():
        for base in ("eval", "cache"):
            src = os.path.join(repo, "tests", base, v["file"])
            if os.path.exists(src):
                with open(src, "rb") as f, open(os.path.join(out, v["file"]), "wb") as g:
                    g.write(f.read())
                break


def traf(path):
    import trafilatura
    html = open(path, "rb").read()
    return os.path.basename(path), trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def prf(tp, fn, tn, fp):
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9), (tp + tn) / max(tp + fn + tn + fp, 1)


def main():
    if sys.argv[1] == "--gather":
        return gather(sys.argv[2], sys.argv[3])
    data, pages, ours = json.load(open(sys.argv[1])), sys.argv[2], json.load(open(sys.argv[3]))
    files = [v["file"] for v in data.values() if os.path.exists(os.path.join(pages, v["file"]))]
    with ProcessPoolExecutor(2) as ex:
        theirs = dict(ex.map(traf, [os.path.join(pages, f) for f in files]))
    counts = {"claimscope": [0, 0, 0, 0], "trafilatura": [0, 0, 0, 0]}
    rows = []
    for url, v in data.items():
        f = v["file"]
        if f not in theirs:
            continue
        texts = {"claimscope": norm(ours.get(f[: -len(".html")], {}).get("articleBody", "")), "trafilatura": norm(theirs[f])}
        with_, without = [norm(x) for x in v.get("with", [])], [norm(x) for x in v.get("without", [])]
        for name, text in texts.items():
            c = counts[name]
            c[0] += sum(x in text for x in with_)
            c[1] += sum(x not in text for x in with_)
            c[2] += sum(x not in text for x in without)
            c[3] += sum(x in text for x in without)
        missed = [x for x in with_ if x not in texts["claimscope"] and x in texts["trafilatura"]]
        kept = [x for x in without if x in texts["claimscope"] and x not in texts["trafilatura"]]
        rows.append((f, url, missed, kept))
    print(f"{len(rows)} pages")
    for name, c in counts.items():
        p, r, f1, acc = prf(*c)
        print(f"{name:12} precision {p:.3f} recall {r:.3f} F1 {f1:.3f} accuracy {acc:.3f}")
    if "--show" in sys.argv:
        rows.sort(key=lambda r: -(len(r[2]) + len(r[3])))
        for f, url, missed, kept in rows[: int(sys.argv[sys.argv.index("--show") + 1])]:
            print(f, url)
            for x in missed:
                print("   dropped (trafilatura keeps):", x[:120])
            for x in kept:
                print("   kept (trafilatura drops):   ", x[:120])


if __name__ == "__main__":
    main()
