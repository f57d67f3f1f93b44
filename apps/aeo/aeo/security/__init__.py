"""The app's permission layer over Frappe's own endpoints (docs/security.md).

- gate: every whitelisted call's arguments, before Frappe runs it (fields, filters, records, portal limits).
- queries: field, filter, sort and group names checked against the DocType's meta.
- scope: child-table rows through their parent's permission; which DocTypes hold scoped records.
- overrides: Frappe endpoints answered by the app (count, link validation, document methods, versions).
- requests: the client's address behind a trusted proxy, CSRF tokens for portal sessions, security headers, safe
  redirects.
- uploads: content sniffed against the file's type.
"""
