"""A static website of the registry: pages in every language, maps, search, API and feed."""
