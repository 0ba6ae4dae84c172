"""Where every cell sits in a report workbook: computed from the spec at spec level (zwgk.layout),
so the checks can name cells (表三!J5) without importing the workbook package.  Kept here for
the workbook's own modules and older imports."""
from zwgk.layout import (  # noqa: F401
    Box,
    Live,
    SheetLayout,
    WorkbookLayout,
    a1,
    layout_matrix,
    layout_sections,
    layout_wide,
    prose_rows,
    prose_title,
    workbook_layout,
)
