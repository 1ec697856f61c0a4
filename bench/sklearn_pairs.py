#!/usr/bin/python3
"""The reference for bench/dedupe_speed.sh: scikit-learn's TF-IDF cosine
over every pair of titles (sparse products in row blocks, so 100,000 titles
fit in memory), counting pairs at or above each threshold.

Usage: sklearn_pairs.py REQUESTS.csv THRESHOLD...   (the CSV's "title" column)
Prints one line per threshold: THRESHOLD PAIRS SECONDS (the seconds of the
whole run, vectorizing included).
"""
import csv
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer

start = time.perf_counter()
path, thresholds = sys.argv[1], [float(t) for t in sys.argv[2:]]
with open(path, newline="", encoding="utf-8") as f:
    titles = [row["title"] for row in csv.DictReader(f)]
matrix = TfidfVectorizer(stop_words="english").fit_transform(titles).tocsr()
counts = [0] * len(thresholds)
block = 2000
for begin in range(0, matrix.shape[0], block):
    scores = (matrix[begin:begin + block] @ matrix.T).tocoo()
    upper = scores.col > scores.row + begin  # each pair once, not with itself
    values = scores.data[upper]
    for k, threshold in enumerate(thresholds):
        counts[k] += int((values >= threshold).sum())
seconds = time.perf_counter() - start
for threshold, count in zip(thresholds, counts):
    print(f"{threshold} {count} {seconds:.2f}")
