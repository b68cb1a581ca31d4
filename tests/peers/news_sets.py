#!/usr/bin/env python3
"""Two more sets of real news pages for the web-page comparison with trafilatura, each split in
a development half and a test half (by a hash of the page's id, so the split is the same on
every machine). Rules are looked for on the development halves only; the test halves are read
to report, never to tune.

- L3S-GN1 (Kohlschuetter et al., WSDM 2010): 621 English news pages found through Google News
  in 2008; the story is the text the annotators marked "full text" (`span.x-nc-sel2`; the
  headline, supplemental text, related content and comments are not). Licensed for research.
- Dragnet (Moz, 2012): 1,381 news and blog pages; the story is the annotated text before the
  comments marker (it holds the headline and byline, which neither program puts in the body).
  AGPLv3.

Neither set is copied into this repository. Both are in one public mirror, which also holds
sets kept from development here (Mozilla Readability's test pages): only the two folders
below are read.

    git clone https://github.com/j-szulc/html-cleaning-dataset-merged MERGED
    python3 tests/peers/news_sets.py MERGED OUT       # OUT/{gn1,dragnet}-{dev,test}/
    cargo run --release --example extract_pages -- OUT/gn1-test/html > gn1-test.json
    python3 tests/peers/extraction_compare.py OUT/gn1-test gn1-test.json

Needs `pip install lxml`.
"""
import gzip
import hashlib
import json
import sys
from pathlib import Path

import lxml.html

SEP = "!@#$%^&*()  COMMENTS"


def half(page_id):
    return "dev" if hashlib.sha1(page_id.encode()).digest()[0] % 2 == 0 else "test"


def gn1_body(gold):
    doc = lxml.html.fromstring(gold)
    cls = 'contains(concat(" ", normalize-space(@class), " "), " x-nc-sel2 ")'
    parts = [e.text_content().strip() for e in doc.xpath(f"//span[{cls}]") if not e.xpath(f"ancestor::span[{cls}]")]
    return "\n".join(p for p in parts if p)


def dragnet_body(gold):
    return gold.decode("utf-8", "replace").split(SEP)[0].strip()


def build(src, out, name, body):
    sets = {h: {} for h in ("dev", "test")}
    for gold in sorted((src / "GoldStandard").iterdir()):
        page = src / "input" / (gold.stem + ".html")
        if not page.exists():
            continue
        text = body(gold.read_bytes())
        if not text:
            continue
        h = half(gold.stem)
        folder = out / f"{name}-{h}" / "html"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{gold.stem}.html.gz").write_bytes(gzip.compress(page.read_bytes()))
        sets[h][gold.stem] = {"articleBody": text}
    for h, truth in sets.items():
        (out / f"{name}-{h}" / "ground-truth.json").write_text(json.dumps(truth))
        print(f"{name}-{h}: {len(truth)} pages")


def main():
    merged, out = Path(sys.argv[1]), Path(sys.argv[2])
    build(merged / "page-signal-master", out, "gn1", gn1_body)
    build(merged / "dragnet_data", out, "dragnet", dragnet_body)


if __name__ == "__main__":
    main()
