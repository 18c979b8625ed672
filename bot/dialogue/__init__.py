"""The conversation core: from an Inbound and the stored state to a Reply and the new state.

engine.py runs one turn (numbers, back, main menu, pending questions, understanding);
answers/ composes the answer for each intent; conversation.py keeps state in the database.
Nothing here knows about a channel's wire format.
"""
