from tests.catalog.conftest import sample_subset  # noqa: F401 - fixtures
from tests.dossiers.conftest import published, receive, stp  # noqa: F401
