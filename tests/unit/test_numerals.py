"""Short Chinese numerals read without cn2an give what cn2an's strict mode gives, so the rules'
amounts are checked as before at a start that no longer imports it."""

from __future__ import annotations

import itertools
import subprocess
import sys
import warnings

import cn2an
import pytest

from policy_kb import numerals
from policy_kb.eligibility.catalogue import numbers_in, percents_in


def _cn2an(text: str) -> int | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = cn2an.cn2an(text, "strict")
        except ValueError:
            return None
    return int(value) if float(value).is_integer() else None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0), ("一", 1), ("十", 10), ("十五", 15), ("一十五", 15), ("二十", 20),
        ("一百零五", 105), ("一百五十", 150), ("一千零十", 1010), ("五千", 5000),
        ("一万", 10000), ("十万", 100000), ("一万五千", 15000), ("一万零五十", 10050),
        ("三百万", 3000000),
        ("一百五", None), ("一万五", None), ("〇", None), ("二二", None), ("百", None),
        ("万", None), ("零五", None), ("二〇二五", None),
    ],
)  # fmt: skip
def test_what_a_numeral_is_worth(text, value):
    assert numerals.short_numeral(text) == value == _cn2an(text)


def test_every_numeral_of_up_to_four_characters_reads_as_cn2an_reads_it():
    # (All 813,615 of up to five characters agree too: ~13 s, checked once.)
    chars = sorted(numerals.CHARACTERS)
    for n in range(1, 5):
        for letters in itertools.product(chars, repeat=n):
            text = "".join(letters)
            assert numerals.short_numeral(text) == _cn2an(text), text


def test_longer_numerals_and_other_characters_are_left_to_cn2an():
    assert not numerals.is_short("一千二百三十四")
    assert not numerals.is_short("两万")
    with pytest.raises(ValueError):
        numerals.short_numeral("一千二百三十四")
    assert numbers_in("补贴一千二百三十四元") == {1234.0}  # through cn2an
    assert numbers_in("一次性补贴两万元，分三年发放") >= {20000.0, 3.0}
    assert percents_in("按百分之五十发放") == {0.5}


def test_checking_the_bundled_rules_does_not_import_cn2an():
    code = (
        "import sys\n"
        "from policy_kb.eligibility.catalogue import load_catalogue\n"
        "assert load_catalogue().rules\n"
        "print('cn2an' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
