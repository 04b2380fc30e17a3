"""Video addresses: only YouTube and Vimeo, embedded in privacy-enhanced mode."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"\d{1,12}")


@dataclass(frozen=True)
class ParsedVideo:
    provider: str
    video_id: str

    @property
    def embed_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"

    @property
    def watch_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"


def parse_video_url(url: str) -> ParsedVideo:
    """Return the provider and id of a YouTube or Vimeo address, or raise ValueError."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        raise ValueError("Enter a full video address starting with https://.")
    if "@" in parts.netloc:
        raise ValueError("A video address cannot contain a user name.")
    if host in YOUTUBE_HOSTS:
        return ParsedVideo("youtube", _youtube_id(host, parts.path, parts.query))
    if host in VIMEO_HOSTS:
        return ParsedVideo("vimeo", _vimeo_id(parts.path))
    raise ValueError("Only YouTube and Vimeo videos can be embedded.")


def _youtube_id(host: str, path: str, query: str) -> str:
    if host.endswith("youtu.be"):
        candidate = path.strip("/").split("/")[0]
    elif path == "/watch":
        candidate = parse_qs(query).get("v", [""])[0]
    else:
        match = re.fullmatch(r"/(?:embed|shorts|live|v)/([^/]+)/?", path)
        candidate = match.group(1) if match else ""
    if not YOUTUBE_ID.fullmatch(candidate):
        raise ValueError("This YouTube address does not name a video.")
    return candidate


def _vimeo_id(path: str) -> str:
    segments = [segment for segment in path.split("/") if segment]
    candidate = segments[-1] if segments else ""
    if not VIMEO_ID.fullmatch(candidate):
        raise ValueError("This Vimeo address does not name a video.")
    return candidate
