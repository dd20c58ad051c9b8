"""Where to go after signing in: only a path on this site, whatever ?next= says."""

import re
from urllib.parse import unquote

# A path and query made only of the characters RFC 3986 allows there, starting with exactly one
# "/". Browsers read "//host", "/\host", "\\host", "https:host" and a "/" followed by a tab or a
# newline (which they delete) as another site; none of those characters can pass.
LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*")


def same_site_path(target: str | None) -> str | None:
    """`target` if a browser sent to it stays on this site; else None.

    Checked once more with its %-escapes decoded, so an address that a proxy or a second
    redirect decodes cannot become another site either.
    """
    if not isinstance(target, str) or not LOCAL_PATH.fullmatch(target):
        return None
    decoded = unquote(target)
    if decoded.startswith(("//", "/\\")) or re.search(r"[\x00-\x20\x7f\\]", decoded):
        return None
    return target
