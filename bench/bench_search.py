"""How fast condition search is over the full ICD-10-CM vocabulary.

    .venv/bin/python bench/bench_search.py              # a throw-away SQLite database
    .venv/bin/python bench/bench_search.py --configured # the configured database, as it is

By default it imports the whole vocabulary into a temporary SQLite database, adds a few
conditions, then requests suggestions for 200+ prefixes as someone types and full searches
(exact, vocabulary-only, typos, junk) through Django's test client, and prints the median
and 95th percentile in milliseconds. `--configured` needs a migrated database that already
holds the vocabulary; it writes nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONDITIONS = [
    ("Insomnia", "insomnia", "Sleeplessness", "G47.0, F51.0x"),
    ("Migraine", "migraine", "Migraine headache", "G43.9"),
    ("Anxiety", "anxiety", "Generalised anxiety disorder\nAnxiety disorder", "F41.1, F41.9"),
    ("High blood pressure", "high-blood-pressure", "Hypertension", "I10"),
    ("Type 2 diabetes", "type-2-diabetes", "Diabetes", "E11"),
    ("Depression", "depression", "Low mood", "F32.A"),
    ("Osteoarthritis", "osteoarthritis", "Arthritis\nWear-and-tear arthritis", "M19.9x"),
    ("Irritable bowel syndrome", "irritable-bowel-syndrome", "IBS", "K58"),
    ("Eczema", "eczema", "Atopic dermatitis", "L20"),
    ("Common cold", "common-cold", "Cold", "J00"),
]
WORDS = [
    "insomnia", "migraine", "anxiety", "hypertension", "diabetes", "asthma", "arthritis",
    "depression", "eczema", "psoriasis", "acne", "obesity", "osteoporosis", "fibromyalgia",
    "gout", "sinusitis", "bronchitis", "constipation", "diarrhea", "heartburn", "gastritis",
    "cystitis", "dermatitis", "tinnitus", "vertigo", "anemia", "hypothyroidism", "headache",
    "menopause", "endometriosis", "hemorrhoids", "rosacea", "cataract", "glaucoma", "dementia",
    "epilepsy", "pneumonia", "influenza", "allergy", "sleep apnea", "back pain", "high blood",
    "irritable bowel", "type 2 diabetes", "chronic fatigue", "restless legs",
]  # fmt: skip
# Everyday names as people type them, reached through our curated list.
EVERYDAY = [
    "heart attack", "high cholesterol", "can't sleep", "diarrhoea", "kidney stones", "uti",
    "adhd", "copd", "pink eye", "hair loss", "acid reflux", "hot flushes", "period pain",
    "melatonin", "valerian", "cbt-i",
]  # fmt: skip
SOLUTIONS = [
    ("Melatonin", "melatonin"),
    ("Valerian", "valerian"),
    ("Cognitive behavioural therapy for insomnia (CBT-I)", "cbt-i"),
]
CODES = ["G4", "G47", "G47.", "G47.0", "G47.00", "F41", "F41.1", "I1", "I10", "E11.6", "M54.5"]
SEARCHES = {
    "exact name": ["Insomnia", "migraine", "  ANXIETY ", "Sleeplessness", "hypertension"],
    "exact code": ["G47.0", "g47.00", "F51.01", "I10", "E11.9"],
    "vocabulary only": ["Migraine with aura", "Sleep apnea", "G43.1", "Asthma", "Panic disorder"],
    "everyday name": ["heart attack", "diabetes", "UTI", "can't sleep", "diarrhoea", "flu"],
    "solution": ["melatonin", "Valerian", "CBT-I"],
    "typo": ["insomina", "migrane", "anxeity", "hypertenshun", "diabetis", "astma", "arthritus"],
    "invalid": ["xyzzy", "<script>alert(1)</script>", "' OR 1=1; --", "😴💤", "qwzx " * 40],
}


def prefixes(words: list[str] = WORDS) -> list[str]:
    """What the box holds after each keystroke, from two letters on."""
    return [word[:length] for word in words for length in range(2, min(len(word), 7) + 1)]


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
    print(
        f"{label:<42} n={len(times):>5}  median {statistics.median(times):6.2f} ms"
        f"  p95 {p95:6.2f} ms  max {max(times):6.2f} ms"
    )


def set_up_throwaway_database(directory: str) -> None:
    """Migrate and import in other processes, as `make run` does, so that this one holds only
    what a web process holds (the ICD-10-CM package's code tree is large)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity=0"], check=True)
    for label in ["empty table", "again, nothing to change"]:
        start = time.perf_counter()
        done = subprocess.run(
            [*manage, "import_icd10", "--no-progress"], check=True, capture_output=True, text=True
        )
        print(f"import_icd10, full, {label}: {time.perf_counter() - start:.1f} s (whole process)")
        print(f"  {done.stdout.strip()}")

    import django

    django.setup()
    from aposbook.library.models import Condition, Solution

    for name, slug, synonyms, codes in CONDITIONS:
        Condition.objects.create(
            name=name, slug=slug, summary=f"About {name}.", synonyms=synonyms, icd10_codes=codes
        )
    for name, slug in SOLUTIONS:
        Solution.objects.create(name=name, slug=slug, kind="supplement", summary=f"About {name}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configured", action="store_true", help="use the configured database")
    parser.add_argument("--rounds", type=int, default=5, help="times each request is repeated")
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aposbook.settings")
    os.environ["DEBUG"] = "0"
    with tempfile.TemporaryDirectory() as directory:
        if options.configured:
            import django

            django.setup()
        else:
            set_up_throwaway_database(directory)
        run(options.rounds)


def run(rounds: int) -> None:
    from django.test import Client

    from aposbook.library.models import Condition, VocabularyTerm
    from aposbook.search import lookup

    print(
        f"{VocabularyTerm.objects.count():,} vocabulary terms, "
        f"{Condition.objects.count():,} conditions; {os.cpu_count()} CPUs"
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    index = lookup.current_index()
    elapsed = (time.perf_counter() - start) * 1000
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    print(
        f"index build (first request after a change): {elapsed:.0f} ms, {len(index.keys):,} keys,"
        f" {len(index.words):,} distinct words, peak memory +{grown:.0f} MB"
    )
    report("signature query (every request)", timed(lookup.signature, 200))
    print()

    print(
        f"everyday names: {len(index.everyday_keys):,} keys; solutions: "
        f"{len(index.solution_keys):,} keys"
    )
    client = Client()
    for label, typed in [
        ("suggest", prefixes() + CODES),
        ("suggest, everyday names", prefixes(EVERYDAY)),
    ]:
        for query in typed:  # warm up
            client.get("/search/suggest/", {"q": query})
        times = []
        for _ in range(rounds):
            for query in typed:
                times += timed(lambda q=query: client.get("/search/suggest/", {"q": q}), 1)
        report(f"{label}, HTTP ({len(typed)} prefixes × {rounds})", times)
        times = []
        for _ in range(rounds):
            for query in typed:
                times += timed(lambda q=query: lookup.suggest(q), 1)
        report(f"{label}, lookup.suggest() only", times)
    print()

    for kind, queries in SEARCHES.items():
        times = []
        for _ in range(rounds * 4):
            for query in queries:
                times += timed(lambda q=query: client.get("/search/", {"q": q}), 1)
        report(f"search, HTTP: {kind}", times)
    long_input = "z" * 10_000
    report(
        "search, HTTP: 10,000 characters",
        timed(lambda: client.get("/search/", {"q": long_input}), 50),
    )


if __name__ == "__main__":
    main()
