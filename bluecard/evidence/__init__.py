"""Evidence (证明材料): certificate photos and PDFs uploaded for a card or an application."""
