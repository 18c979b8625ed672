"""Generate synthetic content ten times larger than the shipped content, for benchmarks only.

    .venv/bin/python scripts/generate_content.py OUT_DIR [--centres 2000] [--places 50000]
        [--services 200] [--seed 7]

OUT_DIR gets a copy of content/ (the real records and vocabularies) plus `generated.yaml` files
with synthetic centres, places, services and service days up to the given totals, every text in
all 11 languages. Names are made of syllables of the Nguni and Sotho-Tswana languages, so the
fuzzy matcher sees realistic spellings. Every synthetic record says in its source that it is
not real: this content is never shipped or loaded by `make run`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.i18n import LANGUAGES  # noqa: E402

SOURCE = "synthetic benchmark content (scripts/generate_content.py): not a real fact"
PROVINCES = ["EC", "FS", "GP", "KZN", "LP", "MP", "NC", "NW", "WC"]
PROVIDERS = ["home-affairs", "sassa", "labour", "saps", "seda", "nyda", "post-office", "gcis", "municipality"]
ONSETS = [
    "",
    "b",
    "bh",
    "d",
    "dl",
    "dz",
    "f",
    "g",
    "h",
    "hl",
    "j",
    "k",
    "kg",
    "kh",
    "l",
    "m",
    "mb",
    "mp",
    "n",
    "nd",
    "ng",
    "nk",
    "nt",
    "ny",
    "p",
    "ph",
    "r",
    "s",
    "sh",
    "t",
    "th",
    "tl",
    "ts",
    "tsh",
    "tsw",
    "v",
    "w",
    "y",
    "z",
]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o"]
# Words that name a kind of service in each language, so synthetic service names read as such.
SERVICE_WORDS = {
    "en": "permit",
    "af": "permit",
    "zu": "imvume",
    "xh": "imvume",
    "nso": "tumelelo",
    "tn": "tetla",
    "st": "tumello",
    "ts": "mpfumelelo",
    "ss": "imvumo",
    "ve": "thendelo",
    "nr": "imvumo",
}


def word(rng: random.Random, syllables: tuple[int, int] = (2, 4)) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(*syllables))).capitalize()


def unique_words(rng: random.Random, count: int, taken: set[str], syllables=(2, 4)) -> list[str]:
    out = []
    while len(out) < count:
        w = word(rng, syllables)
        if len(w) >= 4 and w.lower() not in taken:
            taken.add(w.lower())
            out.append(w)
    return out


def all_languages(make) -> dict[str, str]:
    return {code: make(code) for code in LANGUAGES}


def generate(out: Path, centres: int, places: int, services: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "content", out)
    known = {s["slug"] for s in yaml.safe_load((ROOT / "content" / "services.yaml").read_text())["services"]}
    existing_centres = sum(
        len(yaml.safe_load(p.read_text())["centres"]) for p in (ROOT / "content" / "centres").glob("*.yaml")
    )
    existing_places = sum(
        len(yaml.safe_load(p.read_text())["places"]) for p in (ROOT / "content" / "places").glob("*.yaml")
    )
    taken: set[str] = set()
    new_services = []
    for name in unique_words(rng, max(0, services - len(known)), taken, (3, 4)):
        slug = "synthetic-%s" % name.lower()
        new_services.append(
            {
                "slug": slug,
                "provider": rng.choice(PROVIDERS),
                "name": all_languages(lambda code, name=name: "%s %s" % (name, SERVICE_WORDS[code])),
                "description": all_languages(lambda code, name=name: "%s %s (synthetic)" % (name, SERVICE_WORDS[code])),
                "documents": [{"text": all_languages(lambda code: "ID (%s)" % code)}],
                "verified": False,
                "source": SOURCE,
                "checked": "2026-11-25",
            }
        )
    (out / "services-generated.yaml").write_text(
        yaml.safe_dump({"services": new_services}, allow_unicode=True, sort_keys=False)
    )
    service_slugs = sorted(known) + [s["slug"] for s in new_services]
    new_centres = []
    for name in unique_words(rng, max(0, centres - existing_centres), taken):
        lat, lon = round(rng.uniform(-34.6, -22.3), 4), round(rng.uniform(17.0, 32.8), 4)
        offered = rng.sample(service_slugs, 8)
        new_centres.append(
            {
                "slug": "gen-%s" % name.lower(),
                "name": all_languages(lambda code, name=name: "%s Thusong Service Centre" % name),
                "aliases": ["%s Thusong" % name],
                "town": name,
                "local_municipality": name,
                "district": name + " District",
                "province": rng.choice(PROVINCES),
                "address": all_languages(lambda code, name=name: "Main road, %s" % name),
                "phones": [],
                "hours": {
                    "mon": "08:00-16:00",
                    "tue": "08:00-16:00",
                    "wed": "08:00-16:00",
                    "thu": "08:00-16:00",
                    "fri": "08:00-16:00",
                    "sat": "closed",
                    "sun": "closed",
                    "verified": False,
                    "source": SOURCE,
                },
                "location": {"lat": lat, "lon": lon, "precision": "estimate", "source": SOURCE},
                "services": [
                    {"service": s, "mode": rng.choice(["permanent", "visiting"]), "verified": False, "source": SOURCE}
                    for s in offered
                ],
                "source": SOURCE,
            }
        )
    (out / "centres" / "generated.yaml").write_text(
        yaml.safe_dump({"centres": new_centres}, allow_unicode=True, sort_keys=False)
    )
    new_places = [
        {
            "name": name,
            "province": rng.choice(PROVINCES),
            "lat": round(rng.uniform(-34.6, -22.3), 4),
            "lon": round(rng.uniform(17.0, 32.8), 4),
            "source": SOURCE,
        }
        for name in unique_words(rng, max(0, places - existing_places), taken)
    ]
    (out / "places" / "generated.yaml").write_text(
        yaml.safe_dump({"places": new_places}, allow_unicode=True, sort_keys=False)
    )
    days = [
        {
            "centre": c["slug"],
            "provider": rng.choice(["home-affairs", "sassa"]),
            "repeat": {
                "every": "week",
                "weekday": rng.choice(["monday", "tuesday", "wednesday", "thursday"]),
                "interval": rng.choice([1, 2]),
            },
            "starts": "2026-01-05",
            "ends": "2027-12-31",
            "time": "08:00-13:00",
            "sample": True,
            "source": SOURCE,
        }
        for c in new_centres[: len(new_centres) // 2]
    ]
    (out / "service_days-generated.yaml").write_text(
        yaml.safe_dump({"service_days": days}, allow_unicode=True, sort_keys=False)
    )
    return {
        "centres": existing_centres + len(new_centres),
        "places": existing_places + len(new_places),
        "services": len(service_slugs),
        "service_days": len(days),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--centres", type=int, default=2000)
    parser.add_argument("--places", type=int, default=50000)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    totals = generate(args.out, args.centres, args.places, args.services, args.seed)
    print("generated in %s: %s" % (args.out, ", ".join("%d %s" % (n, k) for k, n in totals.items())))


if __name__ == "__main__":
    main()
