"""Understanding free text: what a message asks for (intent cues) and what it is about
(centres, services, providers, places, provinces, languages).

`understand(content, text)` is the one entry point; see parse.py.
"""

from .parse import understand
from .result import Understanding

__all__ = ["Understanding", "understand"]
