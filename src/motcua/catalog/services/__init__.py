"""Writes to the catalog, by subdomain:

* ``imports`` — the national procedure records, from a file or an upload's background job;
* ``decisions`` — publication decisions, signed into versions in force, and their follow-up duties;
* ``processes`` — internal processes within a procedure's legal time limit;
* ``versions`` — what the others share about writing a procedure's versions.

Reads are in ``catalog.selectors`` and ``catalog.search``.
"""

from motcua.catalog.services.decisions import (
    CHILD_FIELDS,
    COPIED_FIELDS,
    DECISION_TRANSITIONS,
    DEFAULT_FOLLOW_UP_DAYS,
    Action,
    State,
    add_item,
    complete_duty,
    create_decision,
    follow_up_days,
    sign_decision,
)
from motcua.catalog.services.imports import (
    CATALOG_TABLES,
    PROGRESS_EVERY,
    ImportReport,
    import_file,
    import_national_job,
    import_national_records,
    read_lines,
    refresh_statistics,
    run_import,
    start_import,
    store_national_record,
)
from motcua.catalog.services.processes import legal_limit_days, save_internal_process
from motcua.catalog.services.versions import (
    create_children,
    next_version_number,
    online_level,
    version_fields_from,
)

__all__ = [
    "CATALOG_TABLES",
    "CHILD_FIELDS",
    "COPIED_FIELDS",
    "DECISION_TRANSITIONS",
    "DEFAULT_FOLLOW_UP_DAYS",
    "PROGRESS_EVERY",
    "Action",
    "ImportReport",
    "State",
    "add_item",
    "complete_duty",
    "create_children",
    "create_decision",
    "follow_up_days",
    "import_file",
    "import_national_job",
    "import_national_records",
    "legal_limit_days",
    "next_version_number",
    "online_level",
    "read_lines",
    "refresh_statistics",
    "run_import",
    "save_internal_process",
    "sign_decision",
    "start_import",
    "store_national_record",
    "version_fields_from",
]
