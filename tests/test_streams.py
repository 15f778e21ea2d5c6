"""Printed output merges the same however the kernel cut it into chunks."""

import streams
from nbformat.v4 import new_output

LINES = ["share of z > 0:        0.5004\n", "E[ReLU(z)^2] / E[z^2]: 0.5007\n"]


def merged_text(chunks: list[str]) -> str:
    outputs = [new_output("stream", name="stdout", text=c) for c in chunks]
    merged = streams.coalesce_streams(outputs)
    assert len(merged) == 1
    return merged[0]["text"]


def test_a_cut_between_a_line_and_its_newline_adds_no_blank_line():
    whole = "".join(LINES)
    # The cut seen in a real build: the first newline arrived with line two.
    cut = [LINES[0].rstrip("\n"), "\n" + LINES[1]]
    assert merged_text(cut) == merged_text([whole]) == whole


def test_any_cut_gives_the_same_text():
    whole = "".join(LINES)
    for position in range(1, len(whole)):
        assert merged_text([whole[:position], whole[position:]]) == whole


def test_other_outputs_stay_between_the_streams():
    outputs = [
        new_output("stream", name="stdout", text="a"),
        new_output("display_data", data={"text/plain": "x"}),
        new_output("stream", name="stdout", text="b\n"),
    ]
    assert [o["output_type"] for o in streams.join_chunks(outputs)] == [
        "stream",
        "display_data",
        "stream",
    ]
