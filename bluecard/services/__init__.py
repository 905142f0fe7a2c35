"""What every feature's services share: the errors they raise (``errors``) and SQL helpers
(``_sql``). The services themselves live in their feature packages (``bluecard.cards``,
``bluecard.ledger``, ``bluecard.staff``...), each public function one unit of work
(``bluecard.uow``)."""
