import datetime as dt

import pytest

from motcua.core.regimes import NoRegime, regime_on


def test_the_regime_follows_the_date():
    assert regime_on(dt.date(2023, 6, 30)).decree == "61/2018/NĐ-CP"
    assert regime_on(dt.date(2025, 6, 30)).circular == "01/2018/TT-VPCP"
    new = regime_on(dt.date(2025, 7, 1))
    assert new.decree == "118/2025/NĐ-CP"
    assert new.forms["tracking_book"].number == "Mẫu số 07"
    assert "stop" in new.forms and "stop" not in regime_on(dt.date(2024, 1, 1)).forms
    assert not new.district_level


def test_no_regime_before_2018():
    with pytest.raises(NoRegime):
        regime_on(dt.date(2010, 1, 1))


def test_the_forms_follow_the_day_their_circular_took_effect():
    from motcua.core.regimes import forms_on

    # Decree 61/2018 from 21/06/2018; its circular's forms only from 06/01/2019.
    assert forms_on(dt.date(2018, 12, 1)) is None
    assert forms_on(dt.date(2019, 1, 6)).circular == "01/2018/TT-VPCP"
    # Decree 118/2025 from 01/07/2025; until Circular 03/2025 takes effect the forms in use stay.
    summer = forms_on(dt.date(2025, 8, 1))
    assert summer.circular == "01/2018/TT-VPCP"
    assert summer.forms["apology"].title == "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
    autumn = forms_on(dt.date(2025, 9, 15))
    assert autumn.circular == "03/2025/TT-VPCP" and not autumn.confirmed
    assert autumn.forms["apology"].title == (
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
    )
    # A deployment that read another effective day in the text sets it.
    later = {"03/2025/TT-VPCP": "2025-10-30"}
    assert forms_on(dt.date(2025, 10, 1), later).circular == "01/2018/TT-VPCP"
    assert forms_on(dt.date(2025, 10, 30), later).circular == "03/2025/TT-VPCP"
    # Paper as Circular 01/2018 states it: A5, the tracking book A4.
    assert (summer.paper_for("receipt"), summer.paper_for("tracking_book")) == ("A5", "A4")
