"""The curated content and what managers publish over it.

Reading and checking `content/` (kinds.py, bundle.py: `file:line` problems), the snapshot every
turn answers from (snapshot.py: one dataclass per kind), stored as one versioned document
(document.py, store.py), the changes managers publish put in an overlay of it (published.py),
and how much of it is translated (coverage.py).
"""
