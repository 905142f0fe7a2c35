"""``Turn.topic`` makes the stored topic into a Topic once while that stored value stands, and
reads afresh after it is replaced or deleted; a topic whose clause left the knowledge base is
still forgotten on every read."""

from __future__ import annotations

from bot.cardform import CardForm
from bot.context import CONTEXT_KEY, Topic
from bot.questionnaire import Questionnaire
from bot.state import UserState
from bot.turn import Turn


def _turn(holds: set[tuple[str, str]] | None = None) -> Turn:
    state = UserState("u1", {}, now=1000.0)
    return Turn(
        "u1",
        state,
        Questionnaire(state),
        CardForm(state),
        (lambda d, c: (d, c) in holds) if holds is not None else (lambda d, c: True),
    )


def _topic(clause: str, question: str = "技师补贴多少") -> Topic:
    return Topic(question=question, doc_id="doc-a", clause_id=clause)


def test_the_same_stored_topic_is_read_once_and_a_replaced_one_afresh() -> None:
    turn = _turn()
    assert turn.topic is None
    turn.set_topic(_topic("c1"))
    first = turn.topic
    assert first is not None and first.clause_id == "c1"
    assert turn.topic is first  # the stored dict is unchanged: the same Topic
    turn.set_topic(_topic("c2"))
    assert turn.topic is not None and turn.topic.clause_id == "c2"
    turn.state.delete(CONTEXT_KEY)
    assert turn.topic is None


def test_a_topic_whose_clause_left_the_knowledge_base_is_forgotten_on_a_later_read() -> None:
    held = {("doc-a", "c1")}
    turn = _turn(held)
    turn.set_topic(_topic("c1"))
    assert turn.topic is not None
    held.clear()  # the document was withdrawn since
    assert turn.topic is None
    assert turn.state.get(CONTEXT_KEY) is None
