"""Charts on an empty period read as empty (an axis from 0), and the same numbers are drawn
once."""

from motcua.core import charts


def test_a_period_without_data_has_an_axis_from_zero_not_around_it():
    svg = charts.grouped_bars(
        ["01/2026", "02/2026"],
        {"Tiếp nhận": [0, 0], "Giải quyết": [0, 0], "Trễ hạn": [0, 0]},
        title="Hồ sơ theo tháng",
        colors=["#56B4E9", "#009E73", "#D55E00"],
    )
    assert "−0.04" not in svg and "-0.04" not in svg and "−" not in svg
    bars = charts.stacked_bars(["Sở Tư pháp"], {"Đúng hạn": [0], "Trễ hạn": [0]}, title="Cơ quan")
    assert "−" not in bars


def test_each_series_has_its_own_colour():
    svg = charts.grouped_bars(
        ["01/2026"],
        {"A": [3], "B": [2], "C": [1]},
        title="t",
        colors=["#56B4E9", "#009E73", "#D55E00"],
    )
    for colour in ("#56b4e9", "#009e73", "#d55e00"):
        assert colour in svg.lower()


def test_the_same_numbers_are_drawn_once():
    first = charts.grouped_bars(["01/2026"], {"A": [5]}, title="kept")
    again = charts.grouped_bars(["01/2026"], {"A": [5]}, title="kept")
    other = charts.grouped_bars(["01/2026"], {"A": [6]}, title="kept")
    assert first is again and other != first
