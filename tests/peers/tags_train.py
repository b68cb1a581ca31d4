"""Peer for benches/suggest.rs: scikit-learn fitting one tf-idf (words and word pairs) +
logistic regression model per tag on the passages claimscope learns from (label<TAB>text per
line, an empty label for an untagged sentence). Prints the fit time, best of three."""
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

rows = [line.rstrip("\n").split("\t", 1) for line in open(sys.argv[1], encoding="utf-8") if "\t" in line]
labels = [r[0] for r in rows]
texts = [r[1] for r in rows]
tags = sorted({l for l in labels if l})


def fit():
    x = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    for tag in tags:
        y = [1 if l == tag else 0 for l in labels]
        LogisticRegression(class_weight="balanced", max_iter=200).fit(x, y)


best = min((lambda t: (fit(), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))
print(f"scikit-learn {__import__('sklearn').__version__}: tf-idf + logistic regression for {len(tags)} tags on {len(texts)} passages in {best:.3f} s (best of 3)")
