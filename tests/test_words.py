from pipeline.document import Word
from pipeline.transcribe.words import attach_punctuation


def test_lone_punctuation_joins_the_word_before() -> None:
    words = [
        Word("I", 1.0, 1.1, 0.9),
        Word("-", 1.1, 1.2, 0.5),
        Word("I", 1.3, 1.4, 0.8),
        Word("—", 1.4, 1.5, 0.7),
        Word("thought", 1.6, 2.0, 0.95),
    ]
    assert attach_punctuation(words) == [
        Word("I-", 1.0, 1.2, 0.5),
        Word("I—", 1.3, 1.5, 0.7),
        Word("thought", 1.6, 2.0, 0.95),
    ]


def test_leading_punctuation_and_ordinary_words_are_kept() -> None:
    words = [Word("-", 0.0, 0.1, 0.5), Word("well,", 0.2, 0.4, 0.9), Word("x-ray", 0.5, 0.9, 0.9)]
    assert attach_punctuation(words) == words
