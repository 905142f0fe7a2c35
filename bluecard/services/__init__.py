"""What every feature's services share: the errors they raise (``errors``), SQL helpers
(``_sql``), spreadsheet cells (``sheets``) and the district a read covers (``districts``).
The services themselves live in their feature packages (``bluecard.cards``,
``bluecard.ledger``, ``bluecard.staff``...), each public function one unit of work
(``bluecard.uow``)."""
