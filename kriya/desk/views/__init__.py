"""Pages of the service desk, one module per area: requests (catalogue, applying, the
desk's queue and overview), sponsorship, complaints, the satisfaction survey and
notifications. Views parse, call one service or query, and render; access is checked
where each object is fetched (kriya.desk.access)."""
