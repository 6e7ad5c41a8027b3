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
