"""Report workbooks: `layout` (where everything goes), `writer` (xlsxwriter), `reader` (calamine)."""
