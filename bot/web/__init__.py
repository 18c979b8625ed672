"""The web front: GET / (what the service does, with the chat widget), GET /widget.js, the SMS
and USSD simulators, and each centre's service days as an iCalendar feed (feeds.py).

The widget is one script any site embeds with a single <script> tag; it talks to
/api/chat. Cross-origin calls are allowed only from the origins in WIDGET_ORIGINS. The
script is served with its settings (languages, its texts and greetings in every language;
see widget_settings.py) written into it, so it keeps no list or text of its own.
"""

from . import feeds
from .pages import allow_widget_origins, blueprint

__all__ = ["allow_widget_origins", "blueprint", "feeds"]
