#!/usr/bin/env python3
"""Train the language-identification model (bot/understanding/langid.npz) from a corpus folder.

    .venv/bin/python scripts/train_langid.py ../shared/data/langid [--out bot/understanding/langid.npz]

The corpus folder holds `nchlt/<code>.txt` (one sentence per line) and `vukuzenzele/<code>.csv`
(`sentence,label`), as ../shared/data/langid does (its README gives sources and licences);
either may be missing. To them the script adds text this project wrote: the reply catalogs
(locales/) and the vocabularies, example messages and referral words in content/ (placeholders removed).

Cleaning, reported as it runs: a sentence found under two languages is dropped from both (names,
English headlines); then a five-fold check trains on four fifths and drops each held-out corpus
sentence that the model places in another language by a clear margin (the Vuk'uzenzele Xitsonga
file holds Setswana articles, the isiNdebele file isiZulu ones). The detector's English-loan share
is fixed (LOAN); its temperature is chosen on held-out short snippets. With `benchmark/` in the
corpus folder the NCHLT benchmark is scored at the end. The same corpus and files give the same model.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.bundle import read_bundle  # noqa: E402
from bot.i18n import LANGUAGES  # noqa: E402
from bot.understanding import langid  # noqa: E402

CODES = tuple(LANGUAGES)
NCHLT_CODES = {
    "afr": "af",
    "eng": "en",
    "nbl": "nr",
    "nso": "nso",
    "sot": "st",
    "ssw": "ss",
    "tsn": "tn",
    "tso": "ts",
    "ven": "ve",
    "xho": "xh",
    "zul": "zu",
}
FOLDS = 5
# A held-out sentence is dropped when another language beats its label by this much per gram.
MISLABEL_MARGIN = 0.2
# Our own text is short SMS-like messages, the register people write in. It makes up this share of
# every language's grams (weighted per language): a fixed number of repeats would make it a larger
# share of the languages with less corpus text, so that SMS-like isiZulu would look more like
# isiNdebele or siSwati (with 3 repeats it was 4.7% of isiZulu's grams and 9.5% of isiNdebele's).
OWN_SHARE = 0.10
# The chance that a word of a message in another language is an English loan ("Ngicela i-ID
# documents"): chosen on our code-switching tests (tests/test_language.py); 0 would let two
# English nouns turn an isiZulu message into English, much more would take short English
# messages away from English.
LOAN = 0.02
_PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")
SKIP_SECTIONS = {"languages", "ignore", "prefixes", "centre_words", "weak"}


def read_corpus(folder: Path) -> list[tuple[str, str, str]]:
    """(lang, text, source) of every sentence in the corpus folder."""
    csv.field_size_limit(1 << 30)
    samples = []
    for lang in CODES:
        path = folder / "nchlt" / ("%s.txt" % lang)
        if path.exists():
            samples += [
                (lang, line.strip(), "nchlt") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
        path = folder / "vukuzenzele" / ("%s.csv" % lang)
        if path.exists():
            with open(path, encoding="utf-8", newline="") as f:
                samples += [
                    (lang, row["sentence"].strip(), "vukuzenzele")
                    for row in csv.DictReader(f)
                    if row.get("sentence", "").strip()
                ]
    return samples


def _phrases(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in SKIP_SECTIONS:
                yield from _phrases(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _phrases(inner)


def own_text(content_dir: Path, locales_dir: Path) -> list[tuple[str, str, str]]:
    """(lang, text, source) of the project's catalogs, vocabularies and example messages."""
    from babel.messages.pofile import read_po

    samples = []
    for po in sorted(locales_dir.glob("*/LC_MESSAGES/messages.po")):
        lang = po.parts[-3]
        with open(po, "rb") as f:
            for message in read_po(f):
                value = message.id if lang == "en" else message.string
                for text in value if isinstance(value, (list, tuple)) else [value]:
                    if message.id and text and not text.startswith("EEEE"):
                        samples.append((lang, _PLACEHOLDER.sub(" ", text), "catalog"))
    bundle = read_bundle(content_dir)
    for vocabulary in bundle.vocabularies:
        for phrase in _phrases(vocabulary["words"]):
            samples.append((vocabulary["language"], _PLACEHOLDER.sub(" ", phrase), "content"))
    for referral in bundle.referrals:
        for lang, phrases in referral["words"].items():
            samples += [(lang, phrase, "content") for phrase in phrases]
    # A phrase listed under several languages (SASSA, Thusong) says nothing about any of them.
    where = defaultdict(set)
    for lang, text, _source in samples:
        where[" ".join(langid.letter_words(text))].add(lang)
    return [s for s in samples if len(where[" ".join(langid.letter_words(s[1]))]) == 1]


def deduplicate(samples):
    """Drop sentences found under more than one language, and repeats within one."""
    where, seen, kept = defaultdict(set), set(), []
    for lang, text, _source in samples:
        where[" ".join(langid.letter_words(text))].add(lang)
    for lang, text, source in samples:
        key = " ".join(langid.letter_words(text))
        if key and len(where[key]) == 1 and (lang, key) not in seen:
            seen.add((lang, key))
            kept.append((lang, text, source))
    return kept


def drop_mislabelled(samples, report):
    """Five-fold check: drop held-out sentences another language explains clearly better."""
    folds = np.random.default_rng(0).integers(0, FOLDS, len(samples))
    dropped = set()
    for fold in range(FOLDS):
        model = langid.train(((lang, t) for (lang, t, _s), f in zip(samples, folds, strict=True) if f != fold), CODES)
        for i in np.flatnonzero(folds == fold):
            lang, text, source = samples[i]
            words = langid.letter_words(text)
            scores = model.word_scores(words).sum(axis=0)
            grams = max(1, len(langid.grams(words)[0]))
            best = int(np.argmax(scores))
            if CODES[best] != lang and (scores[best] - scores[CODES.index(lang)]) / grams > MISLABEL_MARGIN:
                dropped.add(int(i))
                report[(lang, source, CODES[best])] += 1
    return [s for i, s in enumerate(samples) if i not in dropped]


def train(corpus, own, info=None):
    """The model of corpus and own text, own text weighted to OWN_SHARE of each language's grams."""
    counts = langid.count(((lang, t) for lang, t, _s in corpus), CODES)
    own_counts = langid.count(((lang, t) for lang, t, _s in own), CODES)
    corpus_total, own_total = counts.sum(axis=0), own_counts.sum(axis=0)
    weights = np.where(
        (own_total > 0) & (corpus_total > 0),
        OWN_SHARE / (1 - OWN_SHARE) * corpus_total / np.maximum(own_total, 1),
        1.0,
    )
    return langid.from_counts(counts + own_counts * weights, CODES, info)


def snippets(samples, count, rng):
    """Short pieces (2-6 words) of sentences, as people write messages."""
    out = []
    for lang, text, _source in rng.sample(samples, min(count, len(samples))):
        words = langid.letter_words(text)
        if words:
            size = rng.randint(2, 6)
            start = rng.randint(0, max(0, len(words) - size))
            out.append((lang, words[start : start + size]))
    return out


def calibrate(model, held_out):
    """(temperature, accuracy, log loss): the temperature whose probabilities best match how
    often the model is right on held_out (the lowest log loss), so thresholds mean what they say."""
    index = {lang: i for i, lang in enumerate(CODES)}
    best = None
    for tau in (4.0, 8.0, 12.0, 16.0, 20.0, 24.0, 32.0):
        model.info.update(tau=tau, loan=LOAN)
        probs = [model.probabilities(words) for _lang, words in held_out]
        right = float(np.mean([np.argmax(p) == index[lang] for p, (lang, _w) in zip(probs, held_out, strict=True)]))
        loss = float(
            -np.mean([np.log(max(p[index[lang]], 1e-12)) for p, (lang, _w) in zip(probs, held_out, strict=True)])
        )
        if best is None or loss < best[2]:
            best = (tau, right, loss)
    return best


def benchmark(model, folder: Path) -> dict:
    """Accuracy per language on the NCHLT benchmark files found in folder/benchmark."""
    results = {}
    for name in ("test_15_1k.csv", "test_full_1k.csv"):
        path = folder / "benchmark" / name
        if not path.exists():
            continue
        right, total = Counter(), Counter()
        with open(path, encoding="utf-8", newline="") as f:
            rows = csv.reader(f, skipinitialspace=True)
            next(rows)
            for code, text in rows:
                lang = NCHLT_CODES[code.strip()]
                total[lang] += 1
                right[lang] += CODES[int(np.argmax(model.probabilities(langid.letter_words(text))))] == lang
        results[name] = {
            "all": round(sum(right.values()) / sum(total.values()), 4),
            **{lang: round(right[lang] / total[lang], 3) for lang in CODES if total[lang]},
        }
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with nchlt/ and vukuzenzele/ (and benchmark/)")
    parser.add_argument("--out", type=Path, default=ROOT / "bot" / "understanding" / "langid.npz")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--locales", type=Path, default=ROOT / "locales")
    args = parser.parse_args(argv)
    started = time.time()
    corpus = read_corpus(args.corpus)
    if not corpus:
        parser.error("no nchlt/<code>.txt or vukuzenzele/<code>.csv in %s" % args.corpus)
    print("corpus: %d sentences" % len(corpus))
    corpus = deduplicate(corpus)
    print("after dropping sentences found under several languages: %d" % len(corpus))
    report = Counter()
    corpus = drop_mislabelled(corpus, report)
    print(
        "after the five-fold check: %d; dropped (label, source, looks like): %s"
        % (len(corpus), ", ".join("%s/%s->%s %d" % (*k, n) for k, n in report.most_common(12)))
    )
    own = own_text(args.content, args.locales)
    print("own text: %d phrases and messages (%.0f%% of each language's grams)" % (len(own), 100 * OWN_SHARE))
    rng = random.Random(0)
    held_out_rows = set(rng.sample(range(len(corpus)), len(corpus) // 20))
    fit_part = [s for i, s in enumerate(corpus) if i not in held_out_rows]
    model = train(fit_part, own)
    tau, accuracy, loss = calibrate(model, snippets([corpus[i] for i in sorted(held_out_rows)], 3000, rng))
    print(
        "calibrated on 3,000 held-out snippets of 2-6 words: temperature %.0f (accuracy %.3f, log loss %.3f)"
        % (tau, accuracy, loss)
    )
    sizes = Counter(lang for lang, _t, _s in corpus)
    info = {"tau": tau, "loan": LOAN, "sentences": dict(sizes), "own_phrases": len(own)}
    model = train(corpus, own, info)
    scores = benchmark(model, args.corpus)
    for name, result in scores.items():
        print(
            "%s: %.1f%%  %s"
            % (name, 100 * result["all"], " ".join("%s %.0f%%" % (k, 100 * v) for k, v in result.items() if k != "all"))
        )
    model.info["benchmark"] = scores
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print("wrote %s (%.1f MB) in %.0f s" % (args.out, args.out.stat().st_size / 1e6, time.time() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
