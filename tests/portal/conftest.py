from tests.catalog.conftest import sample_subset  # noqa: F401 - fixtures
from tests.dossiers.conftest import moment, published, receive, stp, user  # noqa: F401
