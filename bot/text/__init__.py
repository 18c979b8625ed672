"""Text helpers every layer may use, importing nothing of the bot: `normalize` (the comparable
form of a text, for understanding and for checking content) and `sms_text` (SMS encodings,
segments and the GSM-7 alphabet, for every channel and the reminders)."""
