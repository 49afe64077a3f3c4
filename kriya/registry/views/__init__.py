"""Pages of the registry: self-service (owner, facilitator) and the regency workspace."""
