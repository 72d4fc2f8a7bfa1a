"""Ways incidents arrive from outside: CSV import from other tools (csv_import, servicenow), later monitoring
webhooks (webhook) and e-mail files (email). Parsing here is pure Python; writing goes through the store."""
