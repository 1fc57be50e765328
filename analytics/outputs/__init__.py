"""Files made from the corpus and its analyses: tables (CSV, XLSX and the source list), the upload
template, the schema reference. The command line and the web layer use these; nothing below does."""
