"""Links to other sites: signed addresses of the leaving-site page, tracking removal, site kinds."""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote_plus, urlencode, urlsplit

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.db import models
from django.urls import reverse

# Stored HTML keeps these links for years, so the signature carries no timestamp.
_signer = Signer(salt="aposbook.leave")

TRACKING_PARAMETERS = {"fbclid", "gclid", "dclid", "msclkid", "mc_eid", "mc_cid", "igshid"}

RESEARCH_HOSTS = (
    "pubmed.ncbi.nlm.nih.gov",
    "ncbi.nlm.nih.gov",
    "doi.org",
    "europepmc.org",
    "bmj.com",
    "jamanetwork.com",
    "nejm.org",
    "thelancet.com",
    "cochranelibrary.com",
    "onlinelibrary.wiley.com",
    "link.springer.com",
    "sciencedirect.com",
    "nature.com",
    "journals.plos.org",
    "biomedcentral.com",
    "frontiersin.org",
    "mdpi.com",
    "acpjournals.org",
    "jci.org",
    "physiology.org",
    "neurology.org",
    "karger.com",
    "tandfonline.com",
    "academic.oup.com",
    "cmaj.ca",
    "sagepub.com",
    "liebertpub.com",
    "journals.lww.com",
    "science.org",
    "cell.com",
    "pnas.org",
    "ahajournals.org",
)
# Bare suffixes such as "gov" match every host under that top-level domain.
GOVERNMENT_HOSTS = (
    "gov",
    "gov.uk",
    "gc.ca",
    "canada.ca",
    "who.int",
    "europa.eu",
    "nhs.uk",
    "gov.au",
)
VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com")


class InvalidLeaveTarget(Exception):
    """The leaving-site page was asked for a destination it must not show."""


class SiteKind(models.TextChoices):
    RESEARCH = "research", "Research literature"
    GOVERNMENT = "government", "Government or public-health agency"
    VIDEO = "video", "Video platform"
    OTHER = "other", "Other site"

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self.value]


_EXPLANATIONS = {
    "research": "A publisher or database of scientific and medical research.",
    "government": "An official government or public-health body.",
    "video": "A video sharing service; videos there are not reviewed by us.",
    "other": "A site we do not control and whose content we have not reviewed.",
}


def own_hosts() -> set[str]:
    """The host names that belong to this site, with and without www."""
    domain = settings.SITE_DOMAIN.lower().removeprefix("www.")
    return {domain, f"www.{domain}"}


def host_matches(host: str, domain: str) -> bool:
    """True for the domain itself and any of its subdomains, never for look-alikes."""
    host = host.lower().rstrip(".")
    return host == domain or host.endswith(f".{domain}")


def is_web_address(url: str) -> bool:
    """True for an absolute http(s) address with a host, no user name and no control characters."""
    # Browsers read a backslash as "/", so "https://evil.com\@good.com" would go to evil.com.
    if not url or "\\" in url or any(unicodedata.category(char)[0] in "CZ" for char in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    # "https://pubmed.ncbi.nlm.nih.gov@evil.com/" leads to evil.com; no link we show needs a
    # user name or password, so an address carrying one is refused rather than explained.
    if "@" in parts.netloc:
        return False
    if not host:
        return False
    return parts.scheme.lower() in {"http", "https"} and ascii_host(host) is not None


def ascii_host(host: str) -> str | None:
    """The host as DNS knows it, so "аpple.com" (Cyrillic а) shows as "xn--pple-43d.com"."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def is_external(url: str) -> bool:
    """True for an http(s) address on a host other than ours."""
    if not is_web_address(url):
        return False
    host = urlsplit(url).hostname or ""  # never empty: is_web_address checked it
    return host.rstrip(".") not in own_hosts()


def leave_url(url: str) -> str:
    """The signed address of the leaving-site page for this destination."""
    query = urlencode({"to": url, "sig": _signer.signature(url)})
    return f"{reverse('pages:leave')}?{query}"


def verify_leave_target(to: str, sig: str) -> str:
    """Return the destination if we signed it and it is a web address, else raise."""
    if not to or not sig:
        raise InvalidLeaveTarget("The link has no destination or no signature.")
    if _signer.sep in sig:
        raise InvalidLeaveTarget("The link's signature is not valid.")
    try:
        target = _signer.unsign(f"{to}{_signer.sep}{sig}")
    except BadSignature as error:
        raise InvalidLeaveTarget("The link's signature does not match its destination.") from error
    if not is_web_address(target):
        raise InvalidLeaveTarget("The destination is not a web address (http or https).")
    return target


def strip_tracking(url: str) -> str:
    """Remove utm_* and click-id parameters, keeping the rest of the query exactly as it was."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [pair for pair in parts.query.split("&") if not _is_tracking(pair)]
    if len(kept) == parts.query.count("&") + 1:
        return url
    return parts._replace(query="&".join(kept)).geturl()


def _is_tracking(pair: str) -> bool:
    name = unquote_plus(pair.partition("=")[0]).strip().lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def classify(url: str) -> SiteKind:
    """What kind of site an address leads to, judged by its host name."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return SiteKind.OTHER
    for kind, domains in (
        (SiteKind.VIDEO, VIDEO_HOSTS),
        (SiteKind.RESEARCH, RESEARCH_HOSTS),
        (SiteKind.GOVERNMENT, GOVERNMENT_HOSTS),
    ):
        if host and any(host_matches(host, domain) for domain in domains):
            return kind
    return SiteKind.OTHER


_HOST_AND_PORT = re.compile(r"(?P<host>\[[^\]]*\]|[^:]*)(?P<port>:.*)?")


@dataclass(frozen=True)
class Destination:
    """A cleaned destination, split so a page can show its host prominently."""

    url: str
    kind: SiteKind
    before_host: str
    host: str
    after_host: str

    @classmethod
    def from_url(cls, url: str) -> "Destination":
        parts = urlsplit(url)
        start = len(parts.scheme) + len("://")
        userinfo, at, host_and_port = parts.netloc.rpartition("@")
        match = _HOST_AND_PORT.fullmatch(host_and_port)
        host = match["host"] if match else host_and_port
        host_start = start + len(userinfo) + len(at)
        before_host, after_host = url[:host_start], url[host_start + len(host) :]
        # Look-alike letters from other alphabets stand out in the form DNS uses.
        host = host if host.isascii() else (ascii_host(host) or host)
        url = f"{before_host}{host}{after_host}"
        return cls(
            url=url,
            kind=classify(url),
            before_host=before_host,
            host=host,
            after_host=after_host,
        )
