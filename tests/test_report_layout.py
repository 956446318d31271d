"""The report's own text layout: lines broken where fpdf's multi_cell breaks them (the
slow part of fpdf this replaces), nothing wider than its cell, and tables that keep their
heading on every page they run onto."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.pdf import FONT, WIDTH, Costs, _font_paths, _Writer

WORDS = [
    "the", "trace", "inside", "band", "improved", "(Mann-Whitney", "p", "=", "0.004,",
    "81", "vs", "mm", "·", "–", "≥", "80 %", "Trials", "#4428,", "verbal", "cues",
    "independently", "a", "x", "cross,", "road", "width", "(tolerance", "band)", "6.3",
    "Ünïcødé", "señal", "garçon", "relative", "to", "task", "presented", "\n", "",
    "averyveryverylongwordwithoutanyspacesthatcannotfitonanarrowline",
]  # fmt: skip


def _writer() -> _Writer:
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    regular, bold = _font_paths()
    pdf.add_font(FONT, "", regular)
    pdf.add_font(FONT, "B", bold)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    return _Writer(pdf, Costs())


@pytest.fixture(scope="module")
def writer() -> _Writer:
    return _writer()


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    width=st.floats(12, 180),
    size=st.sampled_from([7.5, 8.5, 9.5, 10.5]),
    bold=st.booleans(),
)
def test_lines_break_where_multi_cell_breaks_them(writer, text, width, size, bold):
    pdf = writer.pdf
    pdf.set_font(FONT, "B" if bold else "", size)
    theirs = pdf.multi_cell(width, 5, text, dry_run=True, output="LINES", align="L")
    ours = writer.wrap(text, width - 2 * pdf.c_margin, size, bold)
    assert [t.rstrip() for t in theirs] == [o.rstrip() for o in ours]
    pdf.set_font(FONT, "B" if bold else "", size)
    assert all(pdf.get_string_width(o) <= width - 2 * pdf.c_margin + 1e-6 for o in ours)


def test_a_long_table_repeats_its_heading_on_every_page_and_keeps_every_row():
    from pypdf import PdfReader

    w = _writer()
    rows = [
        [f"row {i}", "x cross, road width (tolerance band) 6.3 mm", f"{i} of 5"] for i in range(90)
    ]
    w.table(["Date", "Task", "Successful"], rows, [20, 60, 20])
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(bytes(w.pdf.output()))).pages]
    assert len(pages) >= 2
    for text in pages:
        assert text.lstrip().startswith("Date Task Successful"), text[:80]
    found = [line.split()[1] for t in pages for line in t.splitlines() if line.startswith("row ")]
    assert found == [str(i) for i in range(90)]
    assert w.table_h(["Date"], [["a"]], [1]) < w.table_h(["Date"], [["a\nb"]], [1])
    assert WIDTH == 180


@pytest.mark.parametrize(("left_mm", "page"), [(80, 1), (70, 1), (56, 1), (40, 2)])
def test_the_clinicians_section_stays_on_the_filed_page_when_it_can(left_mm, page):
    """The section for the clinician closes page 1 (the page that is filed): with less room
    (a longer language's goal lines) its lines get closer, then its first two parts sit side
    by side; only when even that does not fit does it go to the next page, at full size."""
    from fpdf import FPDF

    from exporter.pdf import FONT, Costs, _clinician, _font_paths, _Writer

    pdf = FPDF(format="A4", unit="mm")
    regular, bold = _font_paths()
    pdf.add_font(FONT, "", regular)
    pdf.add_font(FONT, "B", bold)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_y(pdf.page_break_trigger - left_mm)
    _clinician(_Writer(pdf, Costs()))
    assert pdf.page == page
    assert pdf.get_y() <= pdf.page_break_trigger
