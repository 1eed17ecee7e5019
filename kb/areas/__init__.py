"""Areas: a partnership's contacts, local documents and local pathway steps,
kept in ``guidance/areas/<area-id>/`` on top of the national library."""
