"""Writers for reports and exports: CSV, Markdown, HTML, PDF."""
