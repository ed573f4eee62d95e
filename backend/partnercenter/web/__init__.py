"""The HTTP layer: the /graphql endpoint, /metrics, and the request-id middleware (above the slices)."""
