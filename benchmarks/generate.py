"""Realistic BibTeX of any size from a seeded generator, for the benchmarks.

    .venv/bin/python benchmarks/generate.py 1000 > /tmp/papers-1000.bib

Mixed entry types, accented names written in LaTeX, case-protecting braces, math,
abstracts of about 800 characters, DOIs, URLs and labsite's link fields. The same
count and seed always give the same file.
"""

from __future__ import annotations

import argparse
import random
import sys

FIRST = ["Ada", "Jörg", "José", "Zoë", "Émile", "Siobhán", "Łukasz", "Chen", "Aisha", "Noah",
         "Ingrid", "Rafael", "Mária", "Tiago", "Yuki", "Olusegun", "Søren", "Anaïs"]  # fmt: skip
LAST = ["Lovelace", "M{\\\"u}ller", "Garc{\\'i}a", "van der Berg", "O'Neil", "Nowak",
        "Dvo{\\v{r}}{\\'a}k", "Smith", "Nakamura", "de la Cruz", "Andersen", "Kowalski",
        "Gonz{\\'a}lez", "Hoffmann", "Ngu{\\~{y}}{\\^e}n", "Rossi", "Brontë", "Øberg"]  # fmt: skip
WORDS = ("learning neural stochastic dynamics sampling optimization robust deep network "
         "inference bayesian manifold gradient sparse kernel graph transport diffusion "
         "physics informed equation scaling generalization training").split()  # fmt: skip
VENUES = ["Advances in Neural Information Processing Systems",
          "Proceedings of the International Conference on Machine Learning",
          "Journal of Machine Learning Research", "{SIAM} Journal on Scientific Computing",
          "Physical Review {B}", "Foundations of Data Science"]  # fmt: skip
TYPES = ["article", "inproceedings", "inproceedings", "article", "misc", "phdthesis",
         "techreport", "incollection"]  # fmt: skip


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(4, 9))
    words[0] = words[0].capitalize()
    if rng.random() < 0.3:
        words.insert(rng.randint(1, len(words)), "{DNA}" if rng.random() < 0.5 else "$O(n^2)$")
    if rng.random() < 0.2:
        words.append("-- a study")
    return " ".join(words)


def _abstract(rng: random.Random) -> str:
    sentences = []
    while sum(len(s) for s in sentences) < 800:
        words = rng.choices(WORDS, k=rng.randint(8, 16))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def entry(index: int, rng: random.Random) -> str:
    kind = rng.choice(TYPES)
    authors = " and ".join(
        f"{rng.choice(LAST)}, {rng.choice(FIRST)}" for _ in range(rng.randint(1, 6))
    )
    year = rng.randint(1990, 2026)
    fields = [("author", authors), ("title", _title(rng)), ("year", str(year))]
    venue = rng.choice(VENUES)
    if kind == "article":
        fields += [("journal", venue), ("volume", str(rng.randint(1, 80))),
                   ("number", str(rng.randint(1, 12)))]  # fmt: skip
    elif kind in ("inproceedings", "incollection"):
        fields.append(("booktitle", venue))
    elif kind == "phdthesis":
        fields.append(("school", "University of Glasgow"))
    elif kind == "techreport":
        fields.append(("institution", "University of Edinburgh"))
    else:
        fields.append(("howpublished", "Preprint"))
    start = rng.randint(1, 900)
    fields.append(("pages", f"{start}--{start + rng.randint(5, 30)}"))
    fields.append(("doi", f"10.{rng.randint(1000, 9999)}/bench.{index}"))
    fields.append(("url", f"https://example.org/papers/{index}"))
    for name in ("pdf", "code", "slides", "blog"):
        if rng.random() < 0.3:
            fields.append((name, f"https://example.org/{name}/{index}"))
    fields.append(("abstract", _abstract(rng)))
    if rng.random() < 0.1:
        fields.append(("award", "Best paper"))
    if rng.random() < 0.05:
        fields.append(("status", "Under review"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{bench{index:06d},\n{body}\n}}\n"


def generate(count: int, seed: int = 2026) -> str:
    rng = random.Random(seed)
    return "\n".join(entry(i, rng) for i in range(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sys.stdout.write(generate(args.count, args.seed))


if __name__ == "__main__":
    main()
