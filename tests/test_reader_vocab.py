"""The reader's vocabulary computes only the lexical attributes it reads
(``nlp.READ_ATTRS``): every attribute the rule patterns test, and every one the code
reads, has the value full English gives a word never seen before."""
import re
from pathlib import Path

import spacy
from spacy.attrs import IDS

from pipeline.nlp import READ_ATTRS, build

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Qorvalex-7 Park, a ZYXWQ hub of 3.5km² near Frobnitz (Ltd.) opened 12/5; http://x.io said 'yes' — 40% ROI!"
NAMES = {v: k for k, v in IDS.items()}


def test_new_words_get_every_attribute_the_reader_reads():
    reader, full = build(), spacy.blank("en")
    matcher = reader.get_pipe("mention_matcher")._match
    lexical = [a for a in matcher._attrs if NAMES[a] not in ("TAG", "LEMMA", "ORTH", "LENGTH")]
    assert set(lexical) <= READ_ATTRS, [NAMES[a] for a in set(lexical) - READ_ATTRS]
    ours, theirs = reader.make_doc(TEXT), full.make_doc(TEXT)
    assert [t.text for t in ours] != [], "the text is read"
    for attr in READ_ATTRS:
        by_text = {t.text: v for t, v in zip(theirs, theirs.to_array([attr]).tolist())}
        for token, value in zip(ours, ours.to_array([attr]).tolist()):
            if token.text in by_text:
                assert value == by_text[token.text], (NAMES[attr], token.text)


def test_the_code_reads_no_lexical_flag_the_reader_leaves_out():
    flags = {f"{name.lower()}": name for name in ("IS_ASCII", "IS_BRACKET", "IS_CURRENCY", "IS_LEFT_PUNCT", "IS_QUOTE",
                                                  "IS_RIGHT_PUNCT", "IS_STOP", "IS_UPPER", "LIKE_EMAIL", "LIKE_URL")}
    used = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        used |= {flags[m] for m in re.findall(r"\.(" + "|".join(flags) + r")\b", path.read_text(encoding="utf-8"))}
        used |= {m for m in re.findall(r"\b(" + "|".join(flags.values()) + r")\b", path.read_text(encoding="utf-8"))}
    assert not used, used
