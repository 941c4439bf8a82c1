"""The fast writer's shortcuts (issue 14): they never change a byte of what `fmt` writes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from citynet.yaml import quoting, writer

WIDE = st.text(alphabet=st.sampled_from(list("abXé1 .,'()/&;\"!?%@*+=<>~$^|`[]{}\\-:#\t")
                                        + ["ō", "\u00a0", "\u2028", "\ufeff", "\x85", "\n"]),
               min_size=0, max_size=12)
TEXT = st.one_of(st.builds(lambda first, rest: first + rest, st.sampled_from("abXéyYnNoOtTfF"),
                           WIDE),
                 st.sampled_from(["false", "False", "FALSE", "nullx", "Norway", "yes;no",
                                  "a: b", "a #b", "a#b", "x:y", "x:", "a  b"]))


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_the_wider_plain_check_agrees_with_ruamel(text):
    if quoting.PLAIN.match(text) and not quoting.ambiguous(text):
        assert quoting.ruamel_scalar(text) == text


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_the_fast_writer_writes_each_text_as_fmt_does(text):
    assert writer.scalar(text) == quoting.scalar(text)


def test_a_note_with_a_semicolon_is_plain_without_ruamel():
    note = "Imported from a list of city pairs; the list writes the name 'Bariloche'."
    assert writer.scalar(note) == note == quoting.ruamel_scalar(note)
