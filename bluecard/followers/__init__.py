"""Followers of the official account, the message log, and the services the chatbot calls
(``BotServices``)."""
