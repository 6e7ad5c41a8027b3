"""English pages of a Vietnamese system: the words in English, the days still as people here
write them (dd/mm/yyyy), never month first."""

from django.conf.locale.en.formats import *  # noqa: F403

from motcua.formats.vi.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)
