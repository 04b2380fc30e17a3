"""Demo videos: well-known public talks, embedded from their creators' channels.

We describe each only by its title and speaker; we do not vouch for every claim in it.
"""

from datetime import UTC, datetime
from typing import Any

DISCLAIMER = (
    "Demo content: the video is embedded from its creator's channel. Aposbook has not "
    "reviewed every statement in it; talk to a health professional about your own situation."
)

TED = "https://www.youtube.com/user/TEDtalksDirector"

VIDEOS: list[dict[str, Any]] = [
    {
        "title": "Sleep is your superpower",
        "slug": "sleep-is-your-superpower",
        "creator": "TED",
        "creator_url": TED,
        "url": "https://www.youtube.com/watch?v=5MuIMqhT8DM",
        "description": f"A talk by sleep scientist Matt Walker, recorded at TED. {DISCLAIMER}",
        "conditions": ["insomnia"],
        "solutions": [],
        "published_at": datetime(2025, 2, 10, 9, 0, tzinfo=UTC),
    },
    {
        "title": "What would happen if you didn't sleep?",
        "slug": "what-would-happen-if-you-didnt-sleep",
        "creator": "TED-Ed",
        "creator_url": "https://www.youtube.com/user/TEDEducation",
        "url": "https://www.youtube.com/watch?v=dqONk48l5vY",
        "description": f"An animated TED-Ed lesson by Claudia Aguirre. {DISCLAIMER}",
        "conditions": ["insomnia"],
        "solutions": [],
        "published_at": datetime(2025, 3, 17, 9, 0, tzinfo=UTC),
    },
    {
        "title": "How to make stress your friend",
        "slug": "how-to-make-stress-your-friend",
        "creator": "TED",
        "creator_url": TED,
        "url": "https://www.youtube.com/watch?v=RcGyVTAoXEU",
        "description": (
            f"A talk by health psychologist Kelly McGonigal, recorded at TED. {DISCLAIMER}"
        ),
        "conditions": ["stress", "anxiety"],
        "solutions": [],
        "published_at": datetime(2025, 4, 21, 9, 0, tzinfo=UTC),
    },
    {
        "title": "Depression, the secret we share",
        "slug": "depression-the-secret-we-share",
        "creator": "TED",
        "creator_url": TED,
        "url": "https://www.youtube.com/watch?v=-eBUcBfkVCo",
        "description": f"A talk by writer Andrew Solomon, recorded at TED. {DISCLAIMER}",
        "conditions": ["depression"],
        "solutions": [],
        "published_at": datetime(2025, 5, 26, 9, 0, tzinfo=UTC),
    },
    {
        "title": "Why things hurt",
        "slug": "why-things-hurt",
        "creator": "TEDx Talks",
        "creator_url": "https://www.youtube.com/user/TEDxTalks",
        "url": "https://www.youtube.com/watch?v=gwd-wLdIHjs",
        "description": (
            f"A talk by pain scientist Lorimer Moseley, recorded at TEDxAdelaide. {DISCLAIMER}"
        ),
        "conditions": ["low-back-pain", "osteoarthritis"],
        "solutions": [],
        "published_at": datetime(2025, 6, 30, 9, 0, tzinfo=UTC),
    },
]
